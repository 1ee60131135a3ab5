import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphDocument } from '@sluice/sdk';
import { chainGraph, runTestGraph } from '@sluice/engine/testing';
import pl from 'nodejs-polars';
import plugin from '../index.ts';
import type { ParseJsonConfig } from '../index.ts';

/** source-local -> parse-json -> bronze-sink, over the files of `dir` that match `patterns`. */
function ingestGraph(dir: string, patterns: string[], config: Partial<ParseJsonConfig>): GraphDocument {
  return chainGraph('json into bronze', [
    { id: 'src', type: 'source-local', config: { folder: dir, patterns } },
    { id: 'parse', type: 'parse-json', config },
    { id: 'sink', type: 'bronze-sink', config: { table: 'events' } },
  ]);
}

/** Lands the files of `dir` that match `patterns` into the Bronze table `events`, through a real graph. */
export const landJson = (dir: string, patterns: string[], config: Partial<ParseJsonConfig>) =>
  runTestGraph(ingestGraph(dir, patterns, config), { plugins: [plugin], graphDir: dir });

function parquetFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name));
}

/** The rows Bronze holds for one source file, without the sink's audit columns and without null fields. */
export function bronzeRows(dataDir: string, fileName: string): Record<string, unknown>[] {
  const frames = parquetFiles(join(dataDir, 'bronze', 'events')).map((p) => pl.readParquet(p));
  const all = pl.concat(frames, { how: 'diagonal' });
  const mine = all.filter(pl.col('_source_file').str.endsWith(`/${fileName}`));
  const keep = mine.columns.filter((c) => !['_source_file', '_source_modified_at', '_ingested_at', '_run_id'].includes(c));
  return mine
    .select(...keep)
    .toRecords()
    .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
}
