import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { type DuckdbPlan, duckdbPlan } from './duckdb-plan.ts';
import { KindCensus } from './kind-census.ts';
import { readWithDuckdb } from './read-with-duckdb.ts';
import type { ShapeOptions } from './shape-options.ts';

const opts: ShapeOptions = { maxDepth: 10, separator: '_', arrays: 'json', types: 'strings' };

function planOf(text: string): DuckdbPlan {
  const census = new KindCensus(opts);
  census.scan(Buffer.from(text));
  const plan = duckdbPlan(census, opts);
  if ('refused' in plan) throw new Error(plan.refused);
  return plan;
}

describe('readWithDuckdb', () => {
  it('reads files of one plan in one call, every row tagged with its file, in file order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-with-duckdb-'));
    const a = '{"id":1,"u":{"n":"Zoë"},"t":["x"]}\n{"id":2,"u":null,"t":[]}\n';
    const b = '{"id":3,"u":{"n":"it\'s"},"t":null}\n';
    writeFileSync(join(dir, "a'1.jsonl"), a);
    writeFileSync(join(dir, 'b.jsonl'), b);
    const bytes = await readWithDuckdb(
      { plan: planOf(a + b), paths: [join(dir, "a'1.jsonl"), join(dir, 'b.jsonl')], keys: ['7', '9'], largest: 100 },
      '__file',
    );
    const df = pl.readParquet(Buffer.from(bytes));
    expect(df.columns).toEqual(['id', 'u_n', 't', '__file']);
    expect(df.rows()).toEqual([
      ['1', 'Zoë', '["x"]', '7'],
      ['2', null, '[]', '7'],
      ['3', "it's", null, '9'],
    ]);
  });

  it('throws when DuckDB refuses a file of the call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-with-duckdb-'));
    writeFileSync(join(dir, 'good.jsonl'), '{"v":"a"}\n');
    writeFileSync(join(dir, 'bad.jsonl'), '{"v" "b"}\n');
    await expect(
      readWithDuckdb({ plan: planOf('{"v":"a"}'), paths: [join(dir, 'good.jsonl'), join(dir, 'bad.jsonl')], keys: ['0', '1'], largest: 20 }, '__file'),
    ).rejects.toThrow(/bad\.jsonl/);
  });

  it('takes hostile file names as paths, each row tagged with its own file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-with-duckdb-'));
    const names = ["o'brien.jsonl", 'back\\slash\\.jsonl', 'données-😀.jsonl', "x'); DROP TABLE t; --.jsonl", "'', '.jsonl", 'plain.jsonl'];
    names.forEach((name, i) => writeFileSync(join(dir, name), `{"v":"${i}"}\n{"v":"${i}b"}\n`));
    const bytes = await readWithDuckdb(
      { plan: planOf('{"v":"a"}'), paths: names.map((n) => join(dir, n)), keys: names.map((_, i) => `k${i}`), largest: 20 },
      '__file',
    );
    expect(pl.readParquet(Buffer.from(bytes)).rows()).toEqual(
      names.flatMap((_, i) => [
        [`${i}`, `k${i}`],
        [`${i}b`, `k${i}`],
      ]),
    );
  });

  it('lands keys of hostile text under their own names: names are quoted identifiers, keys taken out of objects bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-with-duckdb-'));
    const hostile = [
      "it's",
      'a"b',
      '"',
      'back\\slash',
      '"); DROP TABLE t; --',
      "'); DROP TABLE t; --",
      ') VARCHAR, "x" INTEGER',
      'new\nline',
      'données 😀',
      '__proto__',
      '7',
      '$f0',
      '?',
    ];
    // Each as a record key, and as the keys of an object (STRUCT member names in the type's text, and bound to struct_extract).
    const record = Object.fromEntries([...hostile.map((k, i) => [k, `v${i}`]), ['o', Object.fromEntries(hostile.map((k, i) => [k, `w${i}`]))]]);
    const text = `${JSON.stringify(record)}\n`;
    writeFileSync(join(dir, 'keys.jsonl'), text);
    const plan = planOf(text);
    const df = pl.readParquet(Buffer.from(await readWithDuckdb({ plan, paths: [join(dir, 'keys.jsonl')], keys: ['0'], largest: text.length }, '__file')));
    expect(df.columns).toEqual([...plan.names, '__file']);
    expect(df.columns.slice(0, -1).sort()).toEqual([...hostile, ...hostile.map((k) => `o_${k}`)].sort());
    // By column (a record object would lose `__proto__`).
    hostile.forEach((k, i) => {
      expect(df.getColumn(k).toArray(), k).toEqual([`v${i}`]);
      expect(df.getColumn(`o_${k}`).toArray(), `o_${k}`).toEqual([`w${i}`]);
    });
  });
});
