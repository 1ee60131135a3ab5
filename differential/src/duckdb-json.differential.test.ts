import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import type { DataFrame } from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// parse-json's own modules: the DuckDB route is compared with the way it replaces, piece by piece.
import { duckdbStructure } from '../../nodes/parse-json/src/duckdb-plan.ts';
import { duckdbRoute, FILE_COLUMN } from '../../nodes/parse-json/src/duckdb-route.ts';
import { KindCensus } from '../../nodes/parse-json/src/kind-census.ts';
import { linesAsArray } from '../../nodes/parse-json/src/lines-as-array.ts';
import { type ParseJsonOptions, parseJsonBytes } from '../../nodes/parse-json/src/parse-json-bytes.ts';
import { readJsonTogether } from '../../nodes/parse-json/src/read-json-together.ts';
import { readWithDuckdb } from '../../nodes/parse-json/src/read-with-duckdb.ts';
import { type DuckdbJsonCase, duckdbJsonCases } from './duckdb-json-cases.ts';
import { type Landed, landFolder } from './land-folder.ts';

/** parse-json's defaults, as the node's config gives them. */
const OPTIONS: ParseJsonOptions = { format: 'auto', maxDepth: 10, separator: '_', arrays: 'json', types: 'strings', badLines: 'fail' };

/** A table as comparable text: its columns, then each row's values (null apart from text). */
interface Rows {
  columns: string[];
  rows: string[];
}

/** What one reader made of a file: its rows, or why it failed. */
type Outcome = { rows: Rows } | { error: string };

const rowsOf = (df: DataFrame): Rows => ({ columns: df.columns, rows: df.rows().map((r) => JSON.stringify(r)) });

/** parse-json's way before the DuckDB route: `parseJsonBytes`, the file alone. */
function today(bytes: Buffer, name: string): Outcome {
  try {
    const parsed = parseJsonBytes(bytes, name, OPTIONS);
    return { rows: parsed ? rowsOf(parsed.frame.collectSync()) : { columns: [], rows: [] } };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** DuckDB's reading of the file with its structure from the census, whether or not the route takes it. */
async function duckdbAlone(path: string, bytes: Buffer): Promise<Outcome> {
  // The census of the records after a byte order mark, which DuckDB is given as it is.
  const array = linesAsArray(bytes[0] === 0xef ? bytes.subarray(3) : bytes);
  if (!array) return { error: 'not one object per line: no structure' };
  const census = new KindCensus(OPTIONS);
  census.scan(array);
  const plan = duckdbStructure(census, OPTIONS);
  if (!plan.names.length) return { error: 'no fields: no structure' };
  try {
    const parquet = await readWithDuckdb({ plan, paths: [path], keys: ['0'], largest: bytes.length }, FILE_COLUMN);
    return { rows: rowsOf(pl.readParquet(Buffer.from(parquet)).drop(FILE_COLUMN)) };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0]! };
  }
}

/** Each value (or column list, or failure) where two outcomes differ, as lines to read. */
function differences(a: Outcome, b: Outcome): string[] {
  if ('error' in a || 'error' in b) {
    if ('error' in a && 'error' in b) return [];
    return 'error' in a
      ? [`parse-json fails (${a.error}), DuckDB lands ${b && 'rows' in b ? b.rows.rows.length : 0} rows`]
      : [`DuckDB fails: ${(b as { error: string }).error}`];
  }
  if (JSON.stringify(a.rows.columns) !== JSON.stringify(b.rows.columns))
    return [`columns ${JSON.stringify(a.rows.columns)} -> ${JSON.stringify(b.rows.columns)}`];
  if (a.rows.rows.length !== b.rows.rows.length) return [`${a.rows.rows.length} rows -> ${b.rows.rows.length}`];
  const out: string[] = [];
  a.rows.rows.forEach((row, r) => {
    const x = JSON.parse(row) as unknown[];
    const y = JSON.parse(b.rows.rows[r]!) as unknown[];
    x.forEach((v, c) => {
      if (JSON.stringify(v) !== JSON.stringify(y[c])) out.push(`row ${r + 1} ${a.rows.columns[c]}: ${JSON.stringify(v)} -> ${JSON.stringify(y[c])}`);
    });
  });
  return out;
}

const cases = duckdbJsonCases();
const folder = mkdtempSync(join(tmpdir(), 'differential-duckdb-json-'));
const found = new Map<string, { today: Outcome; duckdb: Outcome; differences: string[]; routed: boolean }>();
let batched: Landed;
let alone: Landed;

beforeAll(async () => {
  for (const c of cases) {
    const path = join(folder, c.name);
    const bytes = Buffer.from(c.text, 'utf8');
    writeFileSync(path, bytes);
    const t = today(bytes, c.name);
    const d = await duckdbAlone(path, bytes);
    found.set(c.name, { today: t, duckdb: d, differences: differences(t, d), routed: duckdbRoute(bytes, c.name, OPTIONS) !== null });
  }
  // The same folder through real graphs: read together (the DuckDB route where it applies) and one by one.
  batched = await landFolder(folder, 'parse-json', { batchFiles: 1000, batchMiB: 64 });
  alone = await landFolder(folder, 'parse-json', { batchFiles: 1 });
});

afterAll(() => {
  const listed = [...found].filter(([, f]) => f.differences.length);
  const routed = [...found.values()].filter((f) => f.routed).length;
  console.log(
    `differential duckdb-json: ${cases.length} cases, ${routed} taken by the DuckDB route; where DuckDB alone lands otherwise than parse-json:\n${listed
      .map(([name, f]) => `  ${name}: ${f.differences.slice(0, 4).join('; ')}${f.differences.length > 4 ? `; ... (${f.differences.length} values)` : ''}`)
      .join('\n')}`,
  );
});

function check(c: DuckdbJsonCase): void {
  const f = found.get(c.name)!;
  if (c.duckdb === 'reads') {
    expect(f.routed, 'the DuckDB route takes the file').toBe(true);
    expect('rows' in f.today, 'parse-json lands the file').toBe(true);
    expect(f.differences, 'DuckDB lands what parse-json lands').toEqual([]);
  } else if (c.duckdb === 'fails') {
    expect(f.routed, 'the DuckDB route takes the file').toBe(true);
    expect('error' in f.duckdb, 'DuckDB refuses the file').toBe(true);
  } else expect(f.routed, 'the DuckDB route leaves the file to parse-json').toBe(false);
}

describe('differential: DuckDB read_json against parse-json, value by value', () => {
  for (const c of cases) it(`${c.name} (${c.duckdb})`, () => check(c));

  it('a file DuckDB reads otherwise is never taken by the route', () => {
    const taken = [...found].filter(([, f]) => f.routed && f.differences.length).map(([name, f]) => `${name}: ${f.differences[0]}`);
    // A file the route takes that DuckDB refuses costs a second read, not a value: it is read the polars way.
    expect(taken.filter((t) => !t.includes('DuckDB fails'))).toEqual([]);
  });

  it('reads the files together as each alone: the route for some, the polars way for the others, one table per set of columns', async () => {
    const good = cases.filter((c) => 'rows' in found.get(c.name)!.today);
    const result = await readJsonTogether({ paths: good.map((c) => join(folder, c.name)), names: good.map((c) => c.name), options: OPTIONS });
    const tables = result.tables.map(({ format, bytes }) => (format === 'ipc' ? pl.readIPC(Buffer.from(bytes)) : pl.readParquet(Buffer.from(bytes))));
    good.forEach((c, i) => {
      const got = result.files[i]!;
      const want = (found.get(c.name)!.today as { rows: Rows }).rows;
      if (got.read !== 'together') {
        expect({ [c.name]: got.read }).toEqual({ [c.name]: want.rows.length ? 'together' : 'empty' });
        return;
      }
      const rows = tables[got.table]!.filter(pl.col(FILE_COLUMN).eq(pl.lit(got.key))).drop(FILE_COLUMN);
      // A table holds the columns of its files; each file's are all of them (files are grouped by columns).
      expect({ [c.name]: rowsOf(rows) }).toEqual({ [c.name]: want });
      expect(got.records, c.name).toBeGreaterThan(0);
      expect({ [c.name]: got.engine === 'duckdb' }).toEqual({ [c.name]: c.duckdb === 'reads' });
    });
  });

  it('lands every file through a real graph read together exactly as one by one, and fails the same files with the same messages', () => {
    expect(batched.errors).toEqual(alone.errors);
    expect([...batched.parts.keys()].sort()).toEqual([...alone.parts.keys()].sort());
    for (const [name, part] of alone.parts) expect({ [name]: batched.parts.get(name) }).toEqual({ [name]: part });
    expect(alone.parts.size).toBeGreaterThan(cases.filter((c) => c.duckdb === 'reads').length);
  });
});
