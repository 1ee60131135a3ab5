import type { PartStorage } from './part-storage.ts';
import { MANIFEST_SNAPSHOT } from './manifest-snapshot.ts';

/**
 * Removes the files of a table that the manifest does not list and that are older than `before`
 * (the start of this run): parts written by a run that crashed before its commit, and staged files
 * never published. Without this, a reader listing the folder would see a crashed attempt's rows next
 * to the committed ones. Returns the removed paths.
 */
export async function removeOrphanParts(storage: PartStorage, listed: ReadonlySet<string>, before: Date): Promise<string[]> {
  const removed: string[] = [];
  for await (const f of storage.list()) {
    if (listed.has(f.path) || f.path === MANIFEST_SNAPSHOT || f.path.startsWith('_sluice')) continue;
    if (f.modifiedAt >= before) continue;
    await storage.delete(f.path);
    removed.push(f.path);
  }
  return removed;
}
