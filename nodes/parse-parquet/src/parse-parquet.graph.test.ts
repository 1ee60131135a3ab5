import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { GraphDocument } from '@sluice/sdk';
import { runTestGraph } from '@sluice/engine/testing';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import type { ParseParquetConfig } from './index.ts';
import { readParquetFooter } from './parquet-footer.ts';

const CODECS = ['snappy', 'gzip', 'zstd', 'lz4', 'brotli', 'uncompressed'] as const;

function ingestGraph(dir: string, config: Partial<ParseParquetConfig>): GraphDocument {
  const node = (type: string, x: number, cfg: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config: cfg });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'parquet into bronze',
    nodes: {
      src: node('source-local', 0, { folder: dir, patterns: ['*.parquet'] }),
      parse: node('parse-parquet', 200, config),
      sink: node('bronze-sink', 400, { table: 'orders' }),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'parse', port: 'files' } },
      { from: { node: 'parse', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
}

/** Bronze's rows, by source file name, sorted by id, without the sink's audit columns. */
function bronze(dataDir: string): Map<string, pl.DataFrame> {
  const root = join(dataDir, 'bronze', 'orders');
  const parts = readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'))
    .map((e) => pl.readParquet(join(e.parentPath, e.name)));
  const out = new Map<string, pl.DataFrame>();
  for (const part of parts) {
    const file = String(part.getColumn('_source_file').get(0)).split('/').pop()!;
    out.set(file, part.drop('_source_file', '_source_modified_at', '_ingested_at', '_run_id').sort('id'));
  }
  return out;
}

/** Orders with a struct, a list and a map-like list of key/value structs. */
function orders(): pl.DataFrame {
  return pl
    .DataFrame({
      id: [1, 2, 3],
      customer: ['ana', 'bo', null],
      city: ['Berlin', 'Oslo', 'Lyon'],
      zip: ['10115', '0150', '69001'],
      qty: [[1, 2], [], [5]],
    })
    .withColumns(pl.struct([pl.col('city'), pl.col('zip')]).alias('address'), pl.col('qty').cast(pl.List(pl.Int32)))
    .drop('city', 'zip');
}

function inputDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-graph-'));
  for (const c of CODECS) orders().writeParquet(join(dir, `orders_${c}.parquet`), { compression: c });
  return dir;
}

describe('parse-parquet into Bronze', () => {
  it('lands a file per codec with nested types preserved; a corrupt file fails alone, named', async () => {
    const dir = inputDir();
    const good = readFileSync(join(dir, 'orders_zstd.parquet'));
    writeFileSync(join(dir, 'corrupt.parquet'), good.subarray(0, good.length - 100));
    writeFileSync(join(dir, 'not-parquet.parquet'), 'id,name\n1,a\n');
    // A valid footer over damaged data pages: found when polars reads the rows, in the sink.
    const pages = Buffer.from(readFileSync(join(dir, 'orders_snappy.parquet')));
    pages.fill(0xab, 4, 120);
    writeFileSync(join(dir, 'bad-pages.parquet'), pages);
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, {}), { plugins: [plugin], graphDir: dir });
    expect(summary.files).toEqual({ processed: CODECS.length, skipped: 0, failed: 3 });
    const errors = summary.errors.map((e) => e.message).join('\n');
    expect(errors).toMatch(/corrupt\.parquet: corrupt Parquet file: no PAR1 magic at the end/);
    expect(errors).toMatch(/not-parquet\.parquet: not a Parquet file/);
    expect(summary.errors.find((e) => e.file?.endsWith('bad-pages.parquet'))?.message).toMatch(/bad-pages\.parquet/);

    const landed = bronze(dataDir);
    const expected = orders().toRecords();
    for (const c of CODECS) {
      const frame = landed.get(`orders_${c}.parquet`);
      expect(frame, c).toBeDefined();
      expect(frame!.select('id', 'customer', 'qty', 'address').toRecords(), c).toEqual(
        expected.map((r) => ({ id: r.id, customer: r.customer, qty: r.qty, address: r.address })),
      );
      expect(frame!.schema.address!.variant, c).toBe('Struct');
      expect(String(frame!.schema.qty), c).toMatch(/List\(.*Int32/);
    }
    // The codec each file was written with is what its footer says.
    expect((await readParquetFooter(join(dir, 'orders_brotli.parquet'), 'b')).codecs).toEqual(['BROTLI']);
    expect((await readParquetFooter(join(dir, 'orders_lz4.parquet'), 'l')).codecs[0]).toMatch(/^LZ4/);
  });

  it('prunes to the selected columns, and fails a file that lacks one, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-cols-'));
    orders().writeParquet(join(dir, 'full.parquet'));
    orders().drop('customer').writeParquet(join(dir, 'older.parquet'));
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, { columns: ['id', 'customer'] }), { plugins: [plugin], graphDir: dir });
    expect(summary.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
    expect(summary.errors[0]!.message).toMatch(/older\.parquet: column "customer" not in the file; it has: id, qty, address/);
    expect(bronze(dataDir).get('full.parquet')!.toRecords()).toEqual([
      { id: 1, customer: 'ana' },
      { id: 2, customer: 'bo' },
      { id: 3, customer: null },
    ]);
  });

  it('adds a missing selected column as nulls when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-missing-'));
    orders().drop('customer').writeParquet(join(dir, 'older.parquet'));
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, { columns: ['id', 'customer'], missingColumns: 'null' }), {
      plugins: [plugin],
      graphDir: dir,
    });
    expect(summary.files.processed).toBe(1);
    expect(bronze(dataDir).get('older.parquet')!.getColumn('customer').nullCount()).toBe(3);
  });

  it('keeps a MAP column (written by DuckDB, which polars cannot write) as a list of key/value structs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-map-'));
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const path = join(dir, 'attrs.parquet').replace(/'/g, "''");
    await conn.run(
      `COPY (SELECT 1 AS id, MAP {'color': 'red', 'size': 'L'} AS attrs UNION ALL SELECT 2, MAP {'color': 'blue'}) TO '${path}' (FORMAT parquet, COMPRESSION zstd)`,
    );
    conn.closeSync();
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, {}), { plugins: [plugin], graphDir: dir });
    expect(summary.files.processed).toBe(1);
    const frame = bronze(dataDir).get('attrs.parquet')!;
    expect(String(frame.schema.attrs)).toMatch(/List\(.*Struct.*key.*value/);
    expect(frame.toRecords()).toEqual([
      {
        id: 1,
        attrs: [
          { key: 'color', value: 'red' },
          { key: 'size', value: 'L' },
        ],
      },
      { id: 2, attrs: [{ key: 'color', value: 'blue' }] },
    ]);
  });
});
