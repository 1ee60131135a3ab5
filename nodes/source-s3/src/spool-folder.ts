import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where a run's S3 objects are spooled for engines that read local paths (polars). A source has no
 * file of its own while it lists, so it cannot use the per-file temporary folder of `ctx.tempPath`;
 * each object gets a sub-folder here instead, removed as soon as the object settles (outside the
 * settle transaction), and the whole folder when the run closes.
 */
export class SpoolFolder {
  private seq = 0;
  private readonly dirs = new Map<string, string>();

  constructor(readonly root: string) {}

  async pathFor(key: string): Promise<string> {
    const dir = join(this.root, `f${++this.seq}`);
    await mkdir(dir, { recursive: true });
    this.dirs.set(key, dir);
    const name = key.slice(key.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9._-]/g, '_').slice(-120) || 'object';
    return join(dir, name);
  }

  /** Called from a settle handler: the removal is only scheduled, never done in the transaction. */
  release(key: string): void {
    const dir = this.dirs.get(key);
    if (!dir) return;
    this.dirs.delete(key);
    setImmediate(() => void rm(dir, { recursive: true, force: true }).catch(() => {}));
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
