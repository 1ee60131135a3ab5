import type { FileOutcome } from './node-context.ts';
import type { SourceFile } from './source-file.ts';
import type { CheckpointReader } from './store-access.ts';

/**
 * Decides how far a source's watermark may move after a run: up to the modification time below
 * which every listed file has succeeded. It holds only the files in flight and the failed ones,
 * never the whole listing, so memory stays bounded by queue sizes whatever the file count.
 *
 * The watermark moves only when the listing was complete (not cut short, not limited to trigger
 * keys): a listing is not in time order (a folder's in no order, a bucket's in key order), so until
 * it ends a file with an older time may still turn up. Shared by the sources (local folder, S3).
 */
export class WatermarkTracker {
  private readonly pending = new Map<string, SourceFile>();
  private readonly failed = new Map<string, SourceFile>();
  private newest: number | undefined;
  private complete = false;

  constructor(readonly previous: Date | undefined) {}

  emitted(file: SourceFile): void {
    this.pending.set(file.key, file);
    const t = file.modifiedAt.getTime();
    if (this.newest === undefined || t > this.newest) this.newest = t;
  }

  /**
   * Called from the file's settle handler. A failed commit makes the executor call handlers again
   * with 'failed' after a 'processed', so the last word wins.
   */
  settled(file: SourceFile, outcome: FileOutcome): void {
    this.pending.delete(file.key);
    if (outcome.status === 'failed' || outcome.status === 'cancelled') this.failed.set(file.key, file);
    else this.failed.delete(file.key);
  }

  listingCompleted(): void {
    this.complete = true;
  }

  /**
   * The watermark to store, or undefined to leave it. A failed file that a checkpoint has
   * quarantined (same fingerprint) no longer holds the watermark back: it will not be retried.
   */
  async next(checkpoints: CheckpointReader, sourceNode: string): Promise<Date | undefined> {
    if (!this.complete || this.newest === undefined) return undefined;
    const blocking = [...this.pending.values()];
    const failedKeys = [...this.failed.keys()];
    const records = failedKeys.length ? await checkpoints.getMany(sourceNode, failedKeys) : new Map();
    for (const f of this.failed.values()) {
      const r = records.get(f.key);
      if (!(r?.status === 'quarantined' && r.fingerprint === f.fingerprint)) blocking.push(f);
    }
    const candidate = blocking.reduce((min, f) => Math.min(min, f.modifiedAt.getTime()), this.newest);
    if (this.previous && candidate <= this.previous.getTime()) return undefined;
    return new Date(candidate);
  }
}
