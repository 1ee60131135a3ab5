import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateW1, generateW2 } from '../generate/generate-workloads.ts';
import { CSV_CANONICAL, JSONL_CANONICAL } from './canonical-columns.ts';
import { compareOutputs } from './compare-outputs.ts';
import { csvInputChecksum, jsonlInputChecksum, outputChecksum, q } from './output-checksum.ts';

let dir: string;
let duck: DuckDBConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-bench-verify-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(async () => {
  duck.closeSync();
  await rm(dir, { recursive: true, force: true });
});

/** Writes `select` to a Parquet file with DuckDB and returns its path. */
async function parquet(name: string, select: string): Promise<string> {
  const path = join(dir, `${name}.parquet`);
  await duck.run(`COPY (${select}) TO ${q(path)} (FORMAT parquet, COMPRESSION zstd)`);
  return path;
}

describe('output checksum over CSV outputs', () => {
  it('agrees between typed and all-text outputs of the same rows, and with the input itself', async () => {
    const w1 = await generateW1(join(dir, 'w1'), 3000, 7);
    const typed = await parquet('typed', `SELECT *, 'x' AS _source_file FROM read_csv(${q(w1.plain)})`);
    const text = await parquet('text', `SELECT *, 'x' AS _source_file FROM read_csv(${q(w1.plain)}, all_varchar = true)`);
    const a = await outputChecksum(typed, CSV_CANONICAL, duck);
    const b = await outputChecksum(text, CSV_CANONICAL, duck);
    const input = await csvInputChecksum(w1.plain, CSV_CANONICAL, duck);
    expect(a.rows).toBe(3000);
    expect(b).toEqual(a);
    expect(input.checksum).toBe(a.checksum);
    expect(
      compareOutputs(3000, [
        { engine: 'duckdb', check: a },
        { engine: 'polars', check: b },
      ]).ok,
    ).toBe(true);
  });

  it('catches one altered value, a lost row, a duplicated row and a missing audit column value', async () => {
    const w1 = await generateW1(join(dir, 'w1'), 3000, 7);
    const src = `read_csv(${q(w1.plain)}, all_varchar = true)`;
    const good = await outputChecksum(await parquet('good', `SELECT *, 'x' AS _source_file FROM ${src}`), CSV_CANONICAL, duck);
    const altered = await outputChecksum(
      await parquet('altered', `SELECT * REPLACE (CASE WHEN id = '1234' THEN customer || ' ' ELSE customer END AS customer), 'x' AS _source_file FROM ${src}`),
      CSV_CANONICAL,
      duck,
    );
    const lost = await outputChecksum(await parquet('lost', `SELECT *, 'x' AS _source_file FROM ${src} WHERE id <> '17'`), CSV_CANONICAL, duck);
    // Same row count, but one row twice and another missing: only the checksum can tell.
    const duplicated = await outputChecksum(
      await parquet('dup', `SELECT * REPLACE (CASE WHEN id = '18' THEN '19' ELSE id END AS id), 'x' AS _source_file FROM ${src}`),
      CSV_CANONICAL,
      duck,
    );
    const noSource = await outputChecksum(
      await parquet('nosrc', `SELECT *, CASE WHEN id = '5' THEN NULL ELSE 'x' END AS _source_file FROM ${src}`),
      CSV_CANONICAL,
      duck,
    );

    const verdict = (check: typeof good) =>
      compareOutputs(3000, [
        { engine: 'duckdb', check: good },
        { engine: 'sluice', check },
      ]);
    expect(verdict(altered).problems.join()).toMatch(/sluice \(output 2\) checksum .* differs/);
    expect(verdict(lost).problems.join()).toMatch(/has 2999 rows, expected 3000/);
    expect(duplicated.rows).toBe(3000);
    expect(verdict(duplicated).ok).toBe(false);
    expect(verdict(noSource).problems.join()).toMatch(/1 rows without _source_file/);
  });

  it('names a missing column instead of hashing nothing', async () => {
    const w1 = await generateW1(join(dir, 'w1'), 3000, 7);
    const out = await parquet('nocol', `SELECT * EXCLUDE (score) FROM read_csv(${q(w1.plain)})`);
    await expect(outputChecksum(out, CSV_CANONICAL, duck)).rejects.toThrow(/no column for "score"/);
  });
});

describe('output checksum over JSON outputs', () => {
  it('reads nested structs and lists, and flattened columns with lists as JSON text, as the same values', async () => {
    const w2 = await generateW2(join(dir, 'w2'), 3, 200, 11);
    const src = `read_json(${q(join(w2.dir, '*.jsonl'))})`;
    const nested = await outputChecksum(await parquet('nested', `SELECT *, 'x' AS _source_file FROM ${src}`), JSONL_CANONICAL, duck);
    const flat = await outputChecksum(
      await parquet(
        'flat',
        `SELECT CAST(id AS VARCHAR) AS id, event, CAST(ts AS VARCHAR) AS ts, CAST("user".id AS VARCHAR) AS user_id, "user".name AS user_name,
                "user".address.city AS user_address_city, "user".address.country AS user_address_country,
                CAST(to_json(tags) AS VARCHAR) AS tags, CAST(to_json(items) AS VARCHAR) AS items, CAST(amount AS VARCHAR) AS amount,
                CAST(ok AS VARCHAR) AS ok, note, 'x' AS _source_file FROM ${src}`,
      ),
      JSONL_CANONICAL,
      duck,
    );
    expect(nested.rows).toBe(600);
    expect(flat).toEqual(nested);
    const wrongItems = await outputChecksum(
      await parquet(
        'wrong',
        `SELECT * REPLACE (list_transform(items, x -> struct_pack(sku := x.sku, qty := x.qty + 1, price := x.price)) AS items), 'x' AS _source_file FROM ${src}`,
      ),
      JSONL_CANONICAL,
      duck,
    );
    expect(wrongItems.checksum).not.toBe(nested.checksum);
  });

  it('holds an output with no peer to the checksum of the input files themselves', async () => {
    const w2 = await generateW2(join(dir, 'w2'), 3, 200, 11);
    const input = await jsonlInputChecksum(join(w2.dir, '*.jsonl'), JSONL_CANONICAL, duck);
    const src = `read_json(${q(join(w2.dir, '*.jsonl'))})`;
    const out = await outputChecksum(await parquet('alone', `SELECT *, 'x' AS _source_file FROM ${src}`), JSONL_CANONICAL, duck);
    const altered = await outputChecksum(
      await parquet('alone-altered', `SELECT * REPLACE (CASE WHEN id = 7 THEN 'x' ELSE event END AS event), 'x' AS _source_file FROM ${src}`),
      JSONL_CANONICAL,
      duck,
    );
    const reference = { name: "the input files'", checksum: input.checksum };
    expect(input.rows).toBe(600);
    expect(compareOutputs(600, [{ engine: 'sluice', check: out }], [], reference).ok).toBe(true);
    expect(compareOutputs(600, [{ engine: 'sluice', check: altered }], [], reference).problems.join()).toMatch(
      /sluice \(output 1\) checksum .* differs from the input files'/,
    );
  });
});
