import { createHash } from 'node:crypto';
import { readFile, rm, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateW1, generateW2, generateW3 } from './generate-workloads.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-bench-gen-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const sha = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

describe('workload generator', () => {
  it('makes the same bytes for the same seed, other bytes for another seed', async () => {
    const a = await generateW1(join(dir, 'a'), 5000, 1);
    const b = await generateW1(join(dir, 'b'), 5000, 1);
    const c = await generateW1(join(dir, 'c'), 5000, 2);
    expect(await sha(a.plain)).toBe(await sha(b.plain));
    expect(await sha(a.zstd!)).toBe(await sha(b.zstd!));
    expect(await sha(a.plain)).not.toBe(await sha(c.plain));
  });

  it('writes the CSV traps the workload promises: quoted commas, doubled quotes, nulls, dates, timestamps, booleans', async () => {
    const w = await generateW1(join(dir, 'a'), 5000, 1);
    const text = await readFile(w.plain, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5001);
    expect(lines[0]).toBe('id,customer,country,amount,quantity,order_date,updated_at,active,comment,score');
    expect(text).toMatch(/"[^"\n]*, [^"\n]*""[A-Za-z]+"""/); // "Last, First ""Nick"""
    expect(text).toMatch(/,,/); // an empty field: null
    expect(text).toMatch(/,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},(true|false),/);
  });

  it('reuses data made with the same spec and regenerates after a change', async () => {
    const first = await generateW2(join(dir, 'w2'), 4, 50, 3);
    expect(first.reused).toBe(false);
    const again = await generateW2(join(dir, 'w2'), 4, 50, 3);
    expect(again).toEqual({ ...first, reused: true });
    await writeFile(join(first.dir, 'events-00000.jsonl'), 'tampered but manifest unchanged');
    const other = await generateW2(join(dir, 'w2'), 4, 50, 4);
    expect(other.reused).toBe(false);
    expect(await readFile(join(other.dir, 'events-00000.jsonl'), 'utf8')).toMatch(/^\{"id":1,/);
  });

  it('spreads W3 tiny files over subfolders with one CSV header each', async () => {
    const w = await generateW3(join(dir, 'w3'), 150, 5, 9);
    expect(w.files).toBe(150);
    const one = await readFile(join(w.dir, 'd49', 'f00149.csv'), 'utf8');
    expect(one.trimEnd().split('\n')).toHaveLength(6);
    expect(one).toMatch(/^id,customer,/);
    expect(one.split('\n')[1]).toMatch(/^746,/);
  });
});
