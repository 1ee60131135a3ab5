import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where a run's S3 objects are spooled for engines that read local paths (polars). A source has no
 * file of its own while it lists, so it cannot use the per-file temporary folder of `ctx.tempPath`;
 * each object gets a file of its own here instead (a sequence number keeps names apart), removed as
 * soon as the object settles (outside the settle transaction), and the whole folder when the run
 * closes. One file, not a folder per object: making and removing 2,000 folders cost ~0.6 s of a
 * 2,000-object run.
 */
export class SpoolFolder {
  private seq = 0;
  private readonly paths = new Map<string, string>();

  /** `root` must exist. */
  constructor(readonly root: string) {}

  async pathFor(key: string): Promise<string> {
    const name =
      key
        .slice(key.lastIndexOf('/') + 1)
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .slice(-120) || 'object';
    const path = join(this.root, `${++this.seq}-${name}`);
    this.paths.set(key, path);
    return path;
  }

  /** Called from a settle handler: the removal is only scheduled, never done in the transaction. */
  release(key: string): void {
    const path = this.paths.get(key);
    if (!path) return;
    this.paths.delete(key);
    setImmediate(() => void rm(path, { force: true }).catch(() => {}));
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
