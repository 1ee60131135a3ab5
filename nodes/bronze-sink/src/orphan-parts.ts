import type { PartStorage } from './part-storage.ts';
import { MANIFEST_SNAPSHOT } from './manifest-snapshot.ts';

/** A snapshot being written (`writeText`'s temporary name): left behind only by a crash. */
const SNAPSHOT_TEMP = /^_sluice_manifest\.json\.[0-9a-f]+\.tmp$/;

/**
 * Removes the files of a table that the manifest does not list and that are older than `before`
 * (the start of this run): parts written by a run that crashed before its commit, and staged files
 * never published, and a snapshot's temporary file. Without this, a reader listing the folder would see a crashed attempt's rows next
 * to the committed ones. A listed part is passed over by its name alone: only the files the manifest
 * does not list are looked at (a local folder stats just those), so a table of many parts costs a
 * listing per run, not a stat per part. Returns the removed paths.
 */
export async function removeOrphanParts(storage: PartStorage, listed: ReadonlySet<string>, before: Date): Promise<string[]> {
  const removed: string[] = [];
  for await (const page of storage.list()) {
    for (const f of page) {
      if (listed.has(f.path) || f.path === MANIFEST_SNAPSHOT || (f.path.startsWith('_sluice') && !SNAPSHOT_TEMP.test(f.path))) continue;
      const modifiedAt = await f.modifiedAt();
      // Gone meanwhile, or written since this run began (by this run, or a writer that does not lock).
      if (!modifiedAt || modifiedAt >= before) continue;
      await storage.delete(f.path);
      removed.push(f.path);
    }
  }
  return removed;
}
