import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A generated case: a file name, its bytes, and the parser options it is landed with. */
export interface FileCase {
  name: string;
  bytes: Buffer | Uint8Array;
  options: Record<string, unknown>;
}

/**
 * Writes the cases into one folder per distinct parser options (so each folder is one graph run),
 * returning the folders with their options and cases.
 */
export function writeCaseFolders<C extends FileCase>(prefix: string, cases: C[]): { folder: string; options: Record<string, unknown>; cases: C[] }[] {
  const root = mkdtempSync(join(tmpdir(), `differential-${prefix}-`));
  const groups = new Map<string, { folder: string; options: Record<string, unknown>; cases: C[] }>();
  for (const c of cases) {
    const key = JSON.stringify(c.options);
    if (!groups.has(key)) {
      const folder = join(root, `group-${groups.size + 1}`);
      mkdirSync(folder);
      groups.set(key, { folder, options: c.options, cases: [] });
    }
    const group = groups.get(key)!;
    writeFileSync(join(group.folder, c.name), c.bytes);
    group.cases.push(c);
  }
  return [...groups.values()];
}
