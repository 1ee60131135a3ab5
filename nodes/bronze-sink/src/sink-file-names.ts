import { MANIFEST_SNAPSHOT } from './manifest-snapshot.ts';

/**
 * The names this sink writes in a table, and only these: the clean-up removes nothing else, and a
 * folder holding anything else is not a Sluice table (`assertSluiceTable`). Paths are relative to the
 * table root, '/'-separated.
 */

/** A day's partition folder (`partPath`). */
export const PARTITION_DIR = /^ingest_date=\d{4}-\d{2}-\d{2}$/;

/**
 * A part (`partPath`: `part-<hash>-<hash>[-index][-run].parquet`), its pending name (`pendingPath`),
 * or the staged name older versions used (`.staged-<hex>-part-….parquet`), in a partition.
 */
const PART_FILE =
  /^ingest_date=\d{4}-\d{2}-\d{2}\/(?:part-[A-Za-z0-9_-]+\.parquet|\.part-[A-Za-z0-9_-]+\.parquet\.pending|\.staged-[0-9a-f]+-part-[A-Za-z0-9_-]+\.parquet)$/;

/** A pending part, `ingest_date=D/.part-….parquet.pending`: the day and the final name. */
const PENDING_FILE = /^(ingest_date=\d{4}-\d{2}-\d{2})\/\.(part-[A-Za-z0-9_-]+\.parquet)\.pending$/;

/**
 * The name a part has from its write until its commit: in its final folder, with a leading dot
 * (hidden from readers that skip dot files: Spark, Hive, Arrow datasets) and a `.pending` suffix
 * (matched by no `*.parquet` glob: DuckDB's `**\/*.parquet` matches dot files). The final path names
 * its writer (`partPath`), so two writers never share a pending name either; the name is derived
 * from the final path alone, and after a crash a pending file tells which part it would have become.
 */
export function pendingPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.pending`;
}

/** The final path of a pending part (`pendingPath`'s inverse); undefined for any other name. */
export function finalOfPending(path: string): string | undefined {
  const m = PENDING_FILE.exec(path);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** The manifest snapshot's temporary file (`writeText`), left behind only by a crash. */
const SNAPSHOT_TEMP = /^_sluice_manifest\.json\.[0-9a-f]+\.tmp$/;

/** A local table's writer lock, in its folder (`openStorage`). */
export const LOCK_FILE = '_sluice_writer.lock';

/** A writer's own lock beside it (`writerLockPath`), held from the sink's open to its close. */
const WRITER_LOCK = /^_sluice_writer-[0-9a-f]{8}\.lock$/;

/** A file the clean-up may remove when the manifest does not list it: a part, a pending or staged part, a snapshot's temporary file. */
export function isRemovableSinkFile(path: string): boolean {
  return PART_FILE.test(path) || SNAPSHOT_TEMP.test(path);
}

/** A top-level entry of a table folder that the sink itself made (its lock and snapshot files). */
export function isOwnTopEntry(name: string): boolean {
  return name === MANIFEST_SNAPSHOT || name === LOCK_FILE || WRITER_LOCK.test(name) || SNAPSHOT_TEMP.test(name);
}
