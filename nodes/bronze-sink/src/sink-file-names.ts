import { MANIFEST_SNAPSHOT } from './manifest-snapshot.ts';

/**
 * The names this sink writes in a table, and only these: the clean-up removes nothing else, and a
 * folder holding anything else is not a Sluice table (`assertSluiceTable`). Paths are relative to the
 * table root, '/'-separated.
 */

/** A day's partition folder (`partPath`). */
export const PARTITION_DIR = /^ingest_date=\d{4}-\d{2}-\d{2}$/;

/** A part (`partPath`: `part-<hash>-<hash>[-index][-run].parquet`) or its staged file (`STAGE_PREFIX`), in a partition. */
const PART_FILE = /^ingest_date=\d{4}-\d{2}-\d{2}\/(?:part-[A-Za-z0-9_-]+|\.staged-[0-9a-f]+-part-[A-Za-z0-9_-]+)\.parquet$/;

/** The manifest snapshot's temporary file (`writeText`), left behind only by a crash. */
const SNAPSHOT_TEMP = /^_sluice_manifest\.json\.[0-9a-f]+\.tmp$/;

/** A local table's writer lock, in its folder (`openStorage`). */
export const LOCK_FILE = '_sluice_writer.lock';

/** A file the clean-up may remove when the manifest does not list it: a part, a staged part, a snapshot's temporary file. */
export function isRemovableSinkFile(path: string): boolean {
  return PART_FILE.test(path) || SNAPSHOT_TEMP.test(path);
}

/** A top-level entry of a table folder that the sink itself made (its lock and snapshot files). */
export function isOwnTopEntry(name: string): boolean {
  return name === MANIFEST_SNAPSHOT || name === LOCK_FILE || SNAPSHOT_TEMP.test(name);
}
