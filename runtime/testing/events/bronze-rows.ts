import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import type { Store } from '@sluice/store';
import { testSqlRows } from '@sluice/store/testing';

/**
 * Rows per `_source_file` in the Parquet parts of a Bronze table, read from disk (not from the
 * manifest): what a reader of the table would see. Pending and staged leftovers (`.part-*.parquet.pending`, `.staged-*`) are not parts.
 */
export function bronzeRowsBySource(tableDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!existsSync(tableDir)) return counts;
  for (const part of partFiles(tableDir)) {
    const sources = pl
      .readParquet(part, { columns: ['_source_file'] })
      .getColumn('_source_file')
      .toArray() as string[];
    for (const s of sources) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
}

function partFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...partFiles(path));
    else if (entry.name.startsWith('part-') && entry.name.endsWith('.parquet')) out.push(path);
  }
  return out;
}

/** Source files with a committed part in a graph's Bronze manifest: a cheap progress check (a test-only read). */
export function landedFiles(store: Store, graphId: string): number {
  return testSqlRows<{ n: number }>(store, 'select count(distinct source_key) as n from bronze_parts where graph_id = ?', graphId)[0]!.n;
}
