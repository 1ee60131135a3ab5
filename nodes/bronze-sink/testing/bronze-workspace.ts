// A Bronze test workspace: input folder, data folder, a source -> checkpoint -> parse-csv -> bronze-sink
// graph over it, and the table read back through its manifest snapshot. For bronze-sink's own tests.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTestGraph } from '@sluice/engine/testing';
import type { GraphDocument } from '@sluice/sdk';
import pl from 'nodejs-polars';
import type { SchemaMode } from '../src/bronze-sink-config.ts';

let base: string | undefined;

let n = 0;
export function workspace() {
  base ??= realpathSync(mkdtempSync(join(tmpdir(), 'sluice-bronze-')));
  const dir = join(base, `w${n++}`);
  mkdirSync(join(dir, 'in'), { recursive: true });
  // The graph's paths are relative: `in` in the graph folder, the `bronze` root in the data folder.
  return { dir, input: join(dir, 'in'), data: join(dir, 'data'), table: join(dir, 'data', 'bronze', 'sales') };
}

export function graph(w: ReturnType<typeof workspace>, schemaMode: SchemaMode = 'evolve', extraSink?: Record<string, unknown>): GraphDocument {
  const node = (type: string, x: number, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config });
  const doc: GraphDocument = {
    format: 'sluice-graph',
    version: 1,
    name: 'bronze test',
    nodes: {
      src: node('source-local', 0, { folder: 'in', patterns: ['*.csv'] }),
      cp: node('checkpoint', 200, {}),
      csv: node('parse-csv', 400, { inferTypes: true }),
      sink: node('bronze-sink', 600, { table: 'sales', schemaMode }),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'cp', port: 'files' } },
      { from: { node: 'cp', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
  if (extraSink) {
    doc.nodes.sink2 = node('bronze-sink', 600, extraSink);
    doc.edges.push({ from: { node: 'csv', port: 'table' }, to: { node: 'sink2', port: 'table' } });
  }
  return doc;
}

export const run = (w: ReturnType<typeof workspace>, doc: GraphDocument) => runTestGraph(doc, { dataDir: w.data, graphDir: w.dir });

/** Every committed part of the table, unioned by column name (parts of older schema versions lack new columns). */
export type Row = Record<string, unknown>;

export function readTable(w: ReturnType<typeof workspace>) {
  const manifest = JSON.parse(readFileSync(join(w.table, '_sluice_manifest.json'), 'utf8'));
  const frames: pl.DataFrame[] = manifest.parts.map((p: { path: string }) => pl.readParquet(join(w.table, p.path)));
  const frame = frames.length ? pl.concat(frames, { how: 'diagonal' }) : pl.DataFrame({});
  const rows = (by: string, ...cols: string[]): Row[] => (cols.length ? frame.sort(by).select(...cols) : frame.sort(by)).toRecords() as Row[];
  return { manifest, frame, rows };
}

export function partFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.parquet'))
    .sort();
}
