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

function ingestGraph(dir: string, config: Partial<ParseParquetConfig>, sink: Record<string, unknown> = {}): GraphDocument {
  const node = (type: string, x: number, cfg: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x, y: 0 }, config: cfg });
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'parquet into bronze',
    nodes: {
      src: node('source-local', 0, { folder: dir, patterns: ['*.parquet'] }),
      parse: node('parse-parquet', 200, config),
      sink: node('bronze-sink', 400, { table: 'orders', ...sink }),
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
  // A part may hold several files (a batch): their rows are told apart by `_source_file`.
  for (const part of parts.flatMap((p) => p.partitionBy('_source_file', true))) {
    const file = String(part.getColumn('_source_file').get(0)).split('/').pop()!;
    out.set(file, part.drop('_source_file', '_source_modified_at', '_ingested_at', '_run_id').sort('id'));
  }
  return out;
}

/** Runs one DuckDB statement per argument on a fresh in-memory database; returns the last one's rows (JSON form). */
async function duck(...sql: string[]): Promise<Record<string, unknown>[]> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  let rows: Record<string, unknown>[] = [];
  for (const q of sql) rows = (await conn.runAndReadAll(q)).getRowObjectsJson() as Record<string, unknown>[];
  conn.closeSync();
  return rows;
}

const sqlPath = (path: string) => `'${path.replace(/'/g, "''")}'`;
/** Writes `select`'s rows to a Parquet file with DuckDB. */
const duckParquet = (path: string, select: string, options = '') => duck(`COPY (${select}) TO ${sqlPath(path)} (FORMAT parquet${options})`);
/** A Parquet file's rows as DuckDB reads them, sorted by id. */
const duckRows = (path: string, select: string) => duck(`SELECT ${select} FROM read_parquet(${sqlPath(path)}) ORDER BY id`);

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

  it('keeps the rows of a file that has none of the selected columns, and invents none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-none-'));
    pl.DataFrame({ a: [1, 2, 3] }).writeParquet(join(dir, 'three.parquet'));
    pl.DataFrame({ a: [1] })
      .head(0)
      .writeParquet(join(dir, 'empty.parquet'));
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, { columns: ['x', 'y'], missingColumns: 'null' }), {
      plugins: [plugin],
      graphDir: dir,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.files.processed).toBe(2);
    const root = join(dataDir, 'bronze', 'orders');
    const parts = readdirSync(root, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'))
      .map((e) => pl.readParquet(join(e.parentPath, e.name)));
    const rows = pl.concat(parts).select('x', 'y', pl.col('_source_file').str.extract('([^/]*)$', 1).alias('file'));
    // A literal selected alone is one row to polars, whatever the file holds.
    expect(rows.toRecords()).toEqual([
      { x: null, y: null, file: 'three.parquet' },
      { x: null, y: null, file: 'three.parquet' },
      { x: null, y: null, file: 'three.parquet' },
    ]);
    expect(String(rows.schema.x)).toMatch(/String/);
  });

  it('keeps a MAP column (written by DuckDB, which polars cannot write) as a list of key/value structs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-map-'));
    await duckParquet(
      join(dir, 'attrs.parquet'),
      "SELECT 1 AS id, MAP {'color': 'red', 'size': 'L'} AS attrs UNION ALL SELECT 2, MAP {'color': 'blue'}",
      ', COMPRESSION zstd',
    );
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

describe('parse-parquet into Bronze: JSON columns', () => {
  it('lands a top-level column of the JSON logical type as its text (nested ones keep their bytes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-json-'));
    await duckParquet(
      join(dir, 'docs.parquet'),
      `SELECT * FROM (VALUES (1, '{"a": [1, 2.5, "x"]}'::JSON, ['{"b":1}'::JSON]), (2, NULL::JSON, NULL), (3, '"é"'::JSON, [])) t(id, doc, docs)`,
    );
    expect(await duckRows(join(dir, 'docs.parquet'), 'id, doc')).toEqual([
      { id: 1, doc: '{"a": [1, 2.5, "x"]}' },
      { id: 2, doc: null },
      { id: 3, doc: '"é"' },
    ]);
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, {}), { plugins: [plugin], graphDir: dir });
    expect(summary.errors).toEqual([]);
    const frame = bronze(dataDir).get('docs.parquet')!;
    expect(frame.select('id', 'doc').toRecords()).toEqual([
      { id: 1, doc: '{"a": [1, 2.5, "x"]}' },
      { id: 2, doc: null },
      { id: 3, doc: '"é"' },
    ]);
    expect(frame.columns).toContain('docs');
    // With a selection, the JSON columns selected are text too.
    const picked = await runTestGraph(ingestGraph(dir, { columns: ['doc', 'id'] }), { plugins: [plugin], graphDir: dir });
    expect(picked.summary.errors).toEqual([]);
    expect(bronze(picked.dataDir).get('docs.parquet')!.columns).toEqual(['doc', 'id']);
    expect(bronze(picked.dataDir).get('docs.parquet')!.getColumn('doc').toArray()).toEqual(['{"a": [1, 2.5, "x"]}', null, '"é"']);
  });
});

describe('parse-parquet into Bronze: INTERVAL columns', () => {
  it('fails a file with an INTERVAL column alone, naming it, before polars (which cannot read it) reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-interval-'));
    await duckParquet(join(dir, 'spans.parquet'), "SELECT 1 AS id, INTERVAL '1 year 2 days 3 seconds' AS span, [INTERVAL '1 day'] AS spans");
    await duckParquet(join(dir, 'nested.parquet'), "SELECT 1 AS id, {'every': INTERVAL '1 day'} AS plan");
    orders().writeParquet(join(dir, 'orders.parquet'));
    for (const config of [{}, { columns: ['id'] }]) {
      const { summary } = await runTestGraph(ingestGraph(dir, config), { plugins: [plugin], graphDir: dir });
      expect(summary.files, JSON.stringify(config)).toEqual({ processed: 1, skipped: 0, failed: 2 });
      const errors = summary.errors.map((e) => e.message).join('\n');
      expect(errors).toMatch(/spans\.parquet: columns "span", "spans" hold Parquet INTERVAL values, which polars cannot read/);
      expect(errors).toMatch(/nested\.parquet: column "plan" holds Parquet INTERVAL values/);
    }
  });
});

describe('parse-parquet into Bronze: binary columns', () => {
  it('lands BLOB, UUID and unannotated byte-string columns with their bytes unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-parquet-binary-'));
    // Bytes that are not UTF-8 (0xff, 0xc3 alone), a NUL, an empty value and a null.
    await duckParquet(
      join(dir, 'blobs.parquet'),
      `SELECT *, [b, s] AS lb, {'x': b, 'n': id} AS sb FROM (VALUES
         (1, '\\x00\\xFF\\xC3abc'::BLOB, '6f1c2a8e-0000-4000-8000-00000000ffff'::UUID, 'plain text'::BLOB),
         (2, ''::BLOB, NULL::UUID, 'caf\\xC3\\xA9'::BLOB),
         (3, NULL::BLOB, '00000000-0000-0000-0000-000000000000'::UUID, NULL::BLOB)
       ) t(id, b, u, s)`,
    );
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, {}), { plugins: [plugin], graphDir: dir });
    expect(summary.errors.map((e) => e.message)).toEqual([]);
    expect(summary.files.processed).toBe(1);
    const root = join(dataDir, 'bronze', 'orders');
    const part = readdirSync(root, { withFileTypes: true, recursive: true }).find((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'))!;
    const landed = join(part.parentPath, part.name);
    // The same bytes as DuckDB reads from the source, value by value (as hex). A UUID lands as its
    // 16 bytes (polars reads FIXED_LEN_BYTE_ARRAY(16) as Binary): the same value as the UUID's hex digits.
    const source = await duckRows(join(dir, 'blobs.parquet'), "id, hex(b) AS b, upper(replace(u::VARCHAR, '-', '')) AS u, hex(s) AS s");
    expect(source).toEqual([
      { id: 1, b: '00FFC3616263', u: '6F1C2A8E00004000800000000000FFFF', s: '706C61696E2074657874' },
      { id: 2, b: '', u: null, s: '636166C3A9' },
      { id: 3, b: null, u: '00000000000000000000000000000000', s: null },
    ]);
    expect(await duckRows(landed, 'id, hex(b) AS b, hex(u) AS u, hex(s) AS s')).toEqual(source);
    // Binary inside a list and a struct too.
    const nested = 'id, list_transform(lb, x -> hex(x)) AS lb, hex(sb.x) AS x, sb.n AS n';
    expect(await duckRows(landed, nested)).toEqual(await duckRows(join(dir, 'blobs.parquet'), nested));
    expect((await duckRows(landed, nested))[0]).toEqual({ id: 1, lb: ['00FFC3616263', '706C61696E2074657874'], x: '00FFC3616263', n: 1 });
    const frame = pl.readParquet(landed);
    expect(frame.columns.slice(0, 6)).toEqual(['id', 'b', 'u', 's', 'lb', 'sb']);
    expect(frame.height).toBe(3);
  });

  it('rescue mode keeps a Binary column that does not fit as its bytes in _rescued_data; bytes in a list fail the file, named', async () => {
    const first = mkdtempSync(join(tmpdir(), 'parse-parquet-rescue-1-'));
    await duckParquet(join(first, 'text.parquet'), "SELECT 1 AS id, 'a' AS b, 'x' AS lb");
    const second = mkdtempSync(join(tmpdir(), 'parse-parquet-rescue-2-'));
    await duckParquet(join(second, 'blob.parquet'), "SELECT 2 AS id, '\\x00\\xFFz'::BLOB AS b");
    await duckParquet(join(second, 'nested.parquet'), "SELECT 3 AS id, ['\\x00'::BLOB] AS lb");
    const sink = { schemaMode: 'rescue' };
    const one = await runTestGraph(ingestGraph(first, {}, sink), { plugins: [plugin], graphDir: first });
    expect(one.summary.files.processed).toBe(1);
    const { summary } = await runTestGraph(ingestGraph(second, {}, sink), { plugins: [plugin], graphDir: second, dataDir: one.dataDir });
    expect(summary.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
    expect(summary.errors[0]!.message).toMatch(/nested\.parquet: column "lb" \(List\(Binary\)\) would go to _rescued_data, but bytes nested/);
    const landed = bronze(one.dataDir).get('blob.parquet')!;
    expect(landed.select('id', '_rescued_data').toRecords()).toEqual([{ id: 2, _rescued_data: '{"b":[0,255,122]}' }]);
  });
});
