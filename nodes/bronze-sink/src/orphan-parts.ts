import { writerOf } from './part-name.ts';
import type { PartStorage } from './part-storage.ts';
import { finalOfPending, isRemovableSinkFile } from './sink-file-names.ts';

/** What `reconcileParts` did: parts published (renamed forward) and files removed. */
export interface Reconciled {
  published: string[];
  removed: string[];
}

/**
 * Brings a table's files in line with its manifest (`listed`: the committed paths). A pending part
 * (`pendingPath`) whose final path the manifest lists was committed by a run that stopped before it
 * gave the part its final name: it is published now (renamed forward), never removed, so that no
 * committed part is lost. Then the files of the table that the sink wrote, that the manifest does
 * not list and that are older than `before` (the start of this run or of the runtime) are removed:
 * parts and pending files of a run that crashed before its commit, parts a commit replaced whose
 * deletion a crash cut short, and a snapshot's temporary file. Without this, a reader listing the
 * folder would see a crashed attempt's rows next to the committed ones. Only the sink's own names
 * are candidates (`isRemovableSinkFile`: `part-*.parquet` and its pending and staged names in a
 * day's partition, the snapshot's temporary file): any other file is someone else's and is left
 * alone (issue 12: a clean-up that removed whatever the manifest did not list deleted a folder's
 * unrelated files). A listed part is passed over by its name alone: only the unlisted candidates
 * are stat'ed, so a table of many parts costs a listing, not a stat per part. A file whose name
 * names a writer still alive (`writerGone` false: another run writing the table now) is that
 * writer's to publish or remove, and left alone, however old.
 */
export async function reconcileParts(
  storage: PartStorage,
  listed: ReadonlySet<string>,
  before: Date,
  writerGone: (writer: string) => Promise<boolean>,
): Promise<Reconciled> {
  const removed: string[] = [];
  const present = new Set<string>();
  const committedPending: string[] = [];
  for await (const page of storage.list()) {
    for (const f of page) {
      present.add(f.path);
      if (listed.has(f.path) || !isRemovableSinkFile(f.path)) continue;
      const writer = writerOf(f.path);
      if (writer && !(await writerGone(writer))) continue;
      const final = finalOfPending(f.path);
      if (final && listed.has(final)) {
        committedPending.push(f.path);
        continue;
      }
      const modifiedAt = await f.modifiedAt();
      // Gone meanwhile, or written since this run began (by this run, or a writer that does not lock).
      if (!modifiedAt || modifiedAt >= before) continue;
      await storage.delete(f.path);
      removed.push(f.path);
    }
  }
  const published: string[] = [];
  for (const pending of committedPending) {
    const final = finalOfPending(pending)!;
    if (present.has(final)) {
      // Both names: the final one is the committed part, which only the commit's publish makes;
      // a run never writes a path the manifest lists (`partPath`), so the pending one is a leftover.
      await storage.delete(pending);
      removed.push(pending);
    } else {
      await storage.publish(final);
      published.push(final);
    }
  }
  return { published, removed };
}
