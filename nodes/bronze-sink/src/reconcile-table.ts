import type { Logger, PartReader, SharedHolds } from '@sluice/sdk';
import { readSnapshotDigest, syncManifestSnapshot, type TableParts } from './manifest-snapshot.ts';
import { reconcileParts } from './orphan-parts.ts';
import type { PartStorage } from './part-storage.ts';
import { writerOf } from './part-name.ts';
import { type TableWriterPlace, TableWriters } from './table-writers.ts';

/** The table's parts from the store: paths now, whole rows only if the snapshot is rewritten. */
export const tablePartsOf = async (parts: PartReader, table: string): Promise<TableParts> => ({
  paths: await parts.paths(table),
  load: () => parts.list(table),
});

/**
 * Brings a table's storage in line with the store, under the table's hold, before a run writes it
 * and at the runtime's start: committed parts a crash left pending are published, files of crashed
 * attempts older than `before` removed, incomplete uploads aborted, and the manifest snapshot
 * written again when it is behind the store (a run that crashed after committing parts, or before
 * its close). What names a writer still alive is left to it; gone writers are taken over for the
 * clean-up and let go after it (table-writers.ts).
 */
export async function reconcileTable(
  storage: PartStorage,
  parts: PartReader,
  before: Date,
  who: { place: TableWriterPlace; holds: SharedHolds | undefined; runId: string },
  log: Logger,
): Promise<void> {
  const writers = new TableWriters(who.place, who.holds, who.runId);
  try {
    const table = await tablePartsOf(parts, storage.tableUri);
    const gone = (writer: string) => writers.gone(writer);
    // The snapshot's head is read meanwhile: the clean-up never touches the snapshot.
    const [{ published, removed }, onStorage] = await Promise.all([
      reconcileParts(storage, new Set(table.paths.map((p) => p.path)), before, gone),
      readSnapshotDigest(storage),
    ]);
    const aborted = await storage.abortIncompleteUploads(before, async (path) => {
      const writer = writerOf(path);
      return writer !== undefined && !(await gone(writer));
    });
    await writers.sweep();
    if (aborted) log.info(`aborted ${aborted} incomplete uploads left by an earlier run`);
    if (published.length) log.info(`published ${published.length} committed parts a stopped run left pending`, { published: published.slice(0, 20) });
    if (removed.length) log.info(`removed ${removed.length} files the manifest does not list, left by an earlier run`, { removed: removed.slice(0, 20) });
    await syncManifestSnapshot(storage, table, await parts.schemaVersions(storage.tableUri), new Date(), onStorage);
  } finally {
    await writers.release();
  }
}
