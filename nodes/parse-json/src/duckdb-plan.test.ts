import { describe, expect, it } from 'vitest';
import { duckdbPlan } from './duckdb-plan.ts';
import { KindCensus } from './kind-census.ts';
import type { ShapeOptions } from './shape-options.ts';

const defaults: ShapeOptions = { maxDepth: 10, separator: '_', arrays: 'json', types: 'strings' };
const plan = (text: string, opts: Partial<ShapeOptions> = {}) => {
  const census = new KindCensus({ ...defaults, ...opts });
  census.scan(Buffer.from(text));
  return duckdbPlan(census, { ...defaults, ...opts });
};

describe('duckdbPlan', () => {
  it('gives the structure from the census: objects within maxDepth as STRUCTs flattened in the order first seen, every other value VARCHAR', () => {
    expect(plan('{"id":1,"u":{"n":"a","ad":{"c":"x"}},"tags":["a"],"items":[{"k":1.5}]}\n{"id":2,"u":{"ad":null,"z":true}}\n')).toEqual({
      columns: [
        ['id', 'VARCHAR'],
        ['u', 'STRUCT("n" VARCHAR, "ad" STRUCT("c" VARCHAR), "z" VARCHAR)'],
        ['tags', 'VARCHAR'],
        ['items', 'VARCHAR'],
      ],
      select: [
        '"id" AS "id"',
        'struct_extract("u", $f0) AS "u_n"',
        'struct_extract(struct_extract("u", $f1), $f2) AS "u_ad_c"',
        'struct_extract("u", $f3) AS "u_z"',
        '"tags" AS "tags"',
        '"items" AS "items"',
      ],
      fields: ['n', 'ad', 'c', 'z'],
      names: ['id', 'u_n', 'u_ad_c', 'u_z', 'tags', 'items'],
    });
    // Below maxDepth an object is JSON text, one VARCHAR; names are quoted identifiers, keys taken out of STRUCTs parameters.
    expect(plan('{"o":{"p":{"q":1}},"it\'s":"x","a\\"b":{"c\\"d":"y"}}', { maxDepth: 1 })).toMatchObject({
      columns: [
        ['o', 'STRUCT("p" VARCHAR)'],
        ["it's", 'VARCHAR'],
        ['a"b', 'STRUCT("c""d" VARCHAR)'],
      ],
      select: ['struct_extract("o", $f0) AS "o_p"', `"it's" AS "it's"`, 'struct_extract("a""b", $f1) AS "a""b_c""d"'],
      fields: ['p', 'c"d'],
      names: ['o_p', "it's", 'a"b_c"d'],
    });
  });

  it('refuses what DuckDB would land otherwise than polars (the differential test found each)', () => {
    const refused = (text: string, opts: Partial<ShapeOptions> = {}) => {
      const p = plan(text, opts);
      return 'refused' in p ? p.refused : null;
    };
    expect(refused('{"v":NaN}')).toBe('bytes that are not JSON');
    expect(refused('{"v":[1,true]}')).toBe('kinds polars would merge');
    expect(refused('{"v":[{"a":1,"b":2},{"b":3,"a":4}]}')).toBe('keys of an object in JSON text in another order');
    expect(refused('{"v":1}\n{"v":2.5}\n')).toBe('integers and floats at one place');
    expect(refused('{"v":[0.00001]}')).toBe('a float DuckDB spells otherwise');
    expect(refused('{"o":{}}')).toBe('an object without keys');
    expect(refused('{"a":1,"A":2}')).toBe('keys equal but for case, or an empty key');
    expect(refused('{"":1}')).toBe('keys equal but for case, or an empty key');
    expect(refused('{"a\\u0000b":1}')).toBe('a key holding U+0000');
    expect(refused('{"o":{"\\u0000":1}}')).toBe('a key holding U+0000');
    expect(refused('{"a":{"b":1},"a_b":2}')).toBe('a column name that clashes');
    expect(refused('{}\n{}\n')).toBe('no fields');
    expect(refused('{"v":[1]}', { arrays: 'explode' })).toBe('only text values with arrays as JSON text are planned');
    expect(refused('{"v":1}', { types: 'infer' })).toBe('only text values with arrays as JSON text are planned');
    expect(refused('{"v":1}\n{"v":null}\n{"w":"x"}\n')).toBeNull();
  });
});
