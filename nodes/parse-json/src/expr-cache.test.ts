import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { ExprCache } from './expr-cache.ts';
import { parseJsonBytes } from './parse-json-bytes.ts';
import type { ParseJsonOptions } from './parse-json-bytes.ts';

const opts: ParseJsonOptions = { format: 'auto', maxDepth: 10, separator: '_', arrays: 'json', types: 'strings', badLines: 'rescue' };
const rows = (text: string, cache: ExprCache) => parseJsonBytes(Buffer.from(text), 'f.jsonl', opts, cache)!.frame.collectSync().toRecords();

describe('ExprCache', () => {
  it('builds once per key and serves the same expressions to many frames', () => {
    const cache = new ExprCache();
    let built = 0;
    const build = () => {
      built++;
      return [pl.col('a')];
    };
    expect(cache.get('k', build)).toBe(cache.get('k', build));
    expect(built).toBe(1);
  });

  it('forgets everything past its limit instead of growing', () => {
    const cache = new ExprCache(2);
    for (const k of ['a', 'b', 'c']) cache.get(k, () => [pl.col(k)]);
    expect(cache.size).toBe(1);
  });

  it('gives files of one schema, and then of another, their own values', () => {
    const cache = new ExprCache();
    expect(rows('{"a":1,"l":[1]}\n{"a":2,"l":null}\n', cache)).toEqual([
      { a: '1', l: '[1]', _rescued_data: null },
      { a: '2', l: null, _rescued_data: null },
    ]);
    expect(rows('{"a":7,"l":[2,3]}\n', cache)).toEqual([{ a: '7', l: '[2,3]', _rescued_data: null }]);
    const before = cache.size;
    expect(rows('{"b":{"c":true}}\n', cache)).toEqual([{ b_c: 'true', _rescued_data: null }]);
    expect(cache.size).toBeGreaterThan(before);
  });
});
