import type { PartStorage } from './part-storage.ts';
import { isRemovableSinkFile } from './sink-file-names.ts';

/**
 * Removes the files of a table that the sink wrote, that the manifest does not list and that are
 * older than `before` (the start of this run): parts written by a run that crashed before its
 * commit, staged files never published, and a snapshot's temporary file. Without this, a reader
 * listing the folder would see a crashed attempt's rows next to the committed ones. Only the sink's
 * own names are candidates (`isRemovableSinkFile`: `part-*.parquet` and its staged name in a day's
 * partition, the snapshot's temporary file): any other file is someone else's and is left alone
 * (issue 12: a clean-up that removed whatever the manifest did not list deleted a folder's unrelated
 * files). A listed part is passed over by its name alone: only the unlisted candidates are stat'ed,
 * so a table of many parts costs a listing per run, not a stat per part. Returns the removed paths.
 */
export async function removeOrphanParts(storage: PartStorage, listed: ReadonlySet<string>, before: Date): Promise<string[]> {
  const removed: string[] = [];
  for await (const page of storage.list()) {
    for (const f of page) {
      if (listed.has(f.path) || !isRemovableSinkFile(f.path)) continue;
      const modifiedAt = await f.modifiedAt();
      // Gone meanwhile, or written since this run began (by this run, or a writer that does not lock).
      if (!modifiedAt || modifiedAt >= before) continue;
      await storage.delete(f.path);
      removed.push(f.path);
    }
  }
  return removed;
}
