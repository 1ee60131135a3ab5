import { readdir } from 'node:fs/promises';
import { MANIFEST_SNAPSHOT } from './manifest-snapshot.ts';
import type { PartStorage } from './part-storage.ts';
import { isOwnTopEntry } from './sink-file-names.ts';

/**
 * Refuses to make a table of a folder that holds something and is not a Sluice table: no manifest
 * snapshot there and no part of it in the store. Issue 12: a root pointed at an existing folder got
 * its unrelated files removed as "uncommitted parts"; the clean-up now touches only the sink's own
 * names, and the sink does not write into someone else's folder at all. The sink's own lock and
 * snapshot leftovers do not count (a first run that crashed before its snapshot leaves them).
 */
export async function assertSluiceTable(storage: PartStorage, o: { knownToStore: boolean; where: string; localDir?: string }): Promise<void> {
  if (o.knownToStore) return;
  if ((await storage.readHead(MANIFEST_SNAPSHOT, 1)) !== undefined) return;
  const foreign = o.localDir ? await firstForeignEntry(o.localDir) : await firstForeignFile(storage);
  if (foreign !== undefined) {
    throw new Error(
      `${o.where} is not empty (it holds "${foreign}") and holds no Sluice manifest (${MANIFEST_SNAPSHOT}): it is not a Bronze table, and the sink writes only into an empty or a Sluice table folder; choose another root or table`,
    );
  }
}

/** Any entry of a local folder (file, folder, link) that the sink did not make; undefined when none or no folder. */
async function firstForeignEntry(dir: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return dir;
    throw err;
  }
  return names.find((n) => !isOwnTopEntry(n));
}

/** An object stored under the table's prefix that the sink did not make (first page only: one is enough). */
async function firstForeignFile(storage: PartStorage): Promise<string | undefined> {
  for await (const page of storage.list()) {
    const foreign = page.find((f) => !isOwnTopEntry(f.path));
    if (foreign) return foreign.path;
    return undefined;
  }
  return undefined;
}
