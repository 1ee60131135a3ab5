import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GraphDocument, serializeGraph } from '@sluice/sdk';
import type { ExampleExpectations } from './example-expectations.ts';

/**
 * What every example generator writes besides its input: `graph.json` in the stable export form
 * (so that it diffs in git like a graph exported from the editor) and `expected.json`.
 */
export function writeExampleFiles(outDir: string, graph: GraphDocument, expected: ExampleExpectations): void {
  writeFileSync(join(outDir, 'graph.json'), serializeGraph(graph));
  writeFileSync(join(outDir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
}

/** Files below `dir`, relative, sorted (folders left out). */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/**
 * The paths (files, or folders compared file by file) of a fresh generator run that differ from the
 * committed example: missing, extra, or other bytes. Empty when the seeded generator still
 * reproduces what is committed.
 */
export function generatedDifferences(committedDir: string, freshDir: string, paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const committed = listed(committedDir, p);
    const fresh = listed(freshDir, p);
    for (const f of new Set([...committed, ...fresh])) {
      if (!committed.includes(f)) out.push(`${f}: not committed`);
      else if (!fresh.includes(f)) out.push(`${f}: no longer generated`);
      else if (!readFileSync(join(committedDir, f)).equals(readFileSync(join(freshDir, f)))) out.push(`${f}: other bytes`);
    }
  }
  return out;
}

function listed(root: string, path: string): string[] {
  try {
    return filesBelow(join(root, path)).map((f) => join(path, f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [path];
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
