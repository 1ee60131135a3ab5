import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileOutcome, Landing, SettleHandler, SourceFile } from '@sluice/sdk';

/**
 * Everything that happens to one source file in one run. It counts the deliveries still in flight
 * (an item queued for a node, or a node still working on it); when the count falls to zero every
 * node has finished with the file and it settles: landings and checkpoint handlers commit together.
 */
export class FileLineage {
  private pending = 0;
  private tempDir: string | undefined;
  readonly handlers: SettleHandler[] = [];
  readonly landings: Landing[] = [];
  failure: { node: string; message: string } | undefined;
  skip: { node: string; reason: string } | undefined;
  /** The version its trigger named was not there to read (FileGone): left out, nothing of it lands or is recorded. */
  gone: { node: string; reason: string } | undefined;
  cancelled = false;
  settled = false;

  constructor(
    readonly seq: number,
    readonly origin: SourceFile,
    private readonly runTempDir: string,
    private readonly onZero: (lineage: FileLineage) => void,
  ) {}

  hold(): void {
    this.pending++;
  }

  release(): void {
    this.pending--;
    if (this.pending === 0 && !this.settled) {
      this.settled = true;
      this.onZero(this);
    }
  }

  fail(node: string, message: string): void {
    this.failure ??= { node, message };
  }

  /** Whether a node asked for a temporary path of this file (its folder is removed when it settles). */
  get hasTemp(): boolean {
    return this.tempDir !== undefined;
  }

  async tempPath(name: string): Promise<string> {
    if (!this.tempDir) {
      this.tempDir = join(this.runTempDir, `f${this.seq}`);
      await mkdir(this.tempDir, { recursive: true });
    }
    const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(-120) || 'file';
    return join(this.tempDir, safe);
  }

  outcome(): FileOutcome {
    const rows = this.landings.reduce((n, l) => n + l.rows, 0);
    // Before a failure: what failed was reading a version that is not there; rows made from its
    // first bytes (gone mid-read) are removed as for any file that did not land.
    if (this.gone) return { status: 'skipped', reason: this.gone.reason, rows: 0, landings: this.landings };
    if (this.failure) return { status: 'failed', error: this.failure.message, rows: 0, landings: this.landings };
    if (this.cancelled) return { status: 'cancelled', rows: 0, landings: this.landings };
    if (this.skip && this.landings.length === 0) return { status: 'skipped', reason: this.skip.reason, rows: 0, landings: [] };
    return { status: 'processed', rows, landings: this.landings };
  }

  async removeTemp(): Promise<void> {
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
  }
}
