import { describe, expect, it } from 'vitest';
import { KIND, KindCensus } from './kind-census.ts';
import type { ShapeOptions } from './shape-options.ts';

const defaults: ShapeOptions = { maxDepth: 10, separator: '_', arrays: 'json', types: 'strings' };
const coerced = (text: string, opts: Partial<ShapeOptions> = {}) => {
  const census = new KindCensus({ ...defaults, ...opts });
  census.scan(Buffer.from(text));
  return census.coerced;
};

describe('KindCensus', () => {
  it('passes records whose kinds polars lands unchanged', () => {
    expect(coerced('[{"a":[1,2.5,null],"s":"x","o":{"b":true}},{"a":[],"s":null,"o":null}]')).toBe(false);
    // Numbers and strings at one scalar place become text either way: "1" is the number as written.
    expect(coerced('{"v":1}\n{"v":"n/a"}\n{"v":2.5,"w":"a\\"]}"}\n')).toBe(false);
    expect(coerced('[{"a":["x","y"]},{"a":[]},{"b":[{"k":1},{"k":null}]}]', { arrays: 'explode' })).toBe(false);
    expect(coerced('[{"n":123456789012345678,"f":0.12345678901234567,"z":-0.0,"e":1.5e300}]')).toBe(false);
  });

  it('finds a boolean among numbers, anywhere', () => {
    expect(coerced('[{"a":[1,true]}]')).toBe(true);
    expect(coerced('{"v":1}\n{"v":false}\n')).toBe(true);
    expect(coerced('[{"a":[[1],[true]]}]')).toBe(true);
    expect(coerced('[{"a":[1,true]}]', { arrays: 'explode' })).toBe(true);
  });

  it('finds numbers or booleans among strings where they land inside JSON text', () => {
    expect(coerced('[{"a":[1,"a"]}]')).toBe(true);
    expect(coerced('[{"a":[1]},{"a":["a"]}]')).toBe(true);
    expect(coerced('[{"a":[{"x":1}]},{"a":[{"x":"s"}]}]')).toBe(true);
    // Exploded, or flattened above maxDepth, the same values are plain text cells: no change.
    expect(coerced('[{"a":[1,"a"]}]', { arrays: 'explode' })).toBe(false);
    expect(coerced('[{"o":{"p":1}},{"o":{"p":"s"}}]', { maxDepth: 1 })).toBe(false);
    expect(coerced('[{"o":{"p":1}},{"o":{"p":"s"}}]', { maxDepth: 0 })).toBe(true);
  });

  it('finds numbers polars cannot hold as written, and objects, arrays and scalars at one place', () => {
    for (const n of ['-0', '1234567890123456789', '0.123456789012345678', '1.0000000000000000001e5']) expect(coerced(`{"v":${n}}`), n).toBe(true);
    expect(coerced('{"v":[12345678901234567,1.5]}')).toBe(true);
    expect(coerced('{"v":1}\n{"v":{"x":1}}\n')).toBe(true);
    expect(coerced('{"v":[1]}\n{"v":{"x":1}}\n')).toBe(true);
  });

  it('finds an object kept as JSON text that lacks a key another object at its place has', () => {
    const missing = (text: string, opts: Partial<ShapeOptions> = {}) => {
      const census = new KindCensus({ ...defaults, ...opts });
      census.scan(Buffer.from(text));
      return census.keyMissingInText;
    };
    expect(missing('[{"a":[{"x":1},{"y":2}]}]')).toBe(true);
    expect(missing('[{"a":[{"x":1,"y":2}]},{"a":[{"x":3}]}]')).toBe(true);
    expect(missing('[{"a":[{"x":1,"y":null}]},{"a":[{"y":3,"x":4}]}]')).toBe(false);
    expect(missing('[{"o":{"p":{"x":1}}},{"o":{"p":{"y":2}}}]', { maxDepth: 1 })).toBe(true);
    // Flattened into columns (or exploded into rows), a missing key is a null cell, as it should be.
    expect(missing('[{"o":{"p":{"x":1}}},{"o":{"p":{"y":2}}}]', { maxDepth: 2 })).toBe(false);
    expect(missing('[{"a":[{"x":1},{"y":2}]}]', { arrays: 'explode' })).toBe(false);
    expect(missing('{"x":1}\n{"y":2}\n')).toBe(false);
  });

  it('counts keys repeated within one object, not keys shared by sibling or nested objects', () => {
    const repeated = (text: string) => {
      const census = new KindCensus(defaults);
      census.scan(Buffer.from(text));
      return census.repeatedKeys;
    };
    expect(repeated('[{"a":1,"b":{"a":1}},{"a":2,"o":[{"x":1},{"x":2}]}]')).toBe(0);
    expect(repeated('{"a":1,"a":2}\n{"o":{"c":1,"\\u0063":2},"a":3}\n')).toBe(2);
  });

  it('adds up records scanned in pieces, and reads escaped keys as the same key', () => {
    const census = new KindCensus(defaults);
    census.scan(Buffer.from('{"v":1}\n'));
    expect(census.coerced).toBe(false);
    census.scan(Buffer.from('{"\\u0076":true}\n'));
    expect(census.coerced).toBe(true);
  });

  it('finds bytes where no JSON value starts, and trailing commas, which DuckDB reads and polars refuses', () => {
    const notJson = (text: string) => {
      const census = new KindCensus(defaults);
      census.scan(Buffer.from(text));
      return census.notJson;
    };
    for (const t of ['{"v":NaN}', '{"v":Infinity}', '{"v":-Infinity}', '{"v":nan}', '{"v":1,}', '{"v":[1,]}', '{"v":+1}', '{"v":.5}', '{"v":tru}', "{'v':1}"])
      expect(notJson(t), t).toBeGreaterThanOrEqual(0);
    expect(notJson('{"v":1}\n{"v":NaN}\n')).toBe(13);
    for (const t of ['{"v":1,"w":[1,2],"x":{"y":null},"z":"NaN, Infinity,]"}', '[{"v":-0.5e-3,"t":true,"f":false}, {"v":null}]', '{}'])
      expect(notJson(t), t).toBe(-1);
  });

  it('finds keys of an object in JSON text in another order than the first objects at its place', () => {
    const order = (text: string, opts: Partial<ShapeOptions> = {}) => {
      const census = new KindCensus({ ...defaults, ...opts });
      census.scan(Buffer.from(text));
      return census.keyOrderInText;
    };
    expect(order('{"v":[{"a":1,"b":2},{"b":3,"a":4}]}')).toBe(true);
    expect(order('{"v":[{"a":1,"b":2},{"a":3,"b":4}]}')).toBe(false);
    // Flattened, the keys become columns by name: their order in the file does not matter.
    expect(order('{"o":{"a":1,"b":2}}\n{"o":{"b":3,"a":4}}\n')).toBe(false);
    expect(order('{"o":{"a":1,"b":2}}\n{"o":{"b":3,"a":4}}\n', { maxDepth: 0 })).toBe(true);
  });

  it('counts records, and knows the keys and kinds of each place, floats DuckDB spells otherwise included', () => {
    const census = new KindCensus(defaults);
    census.scan(Buffer.from('{"a":1.5,"b":{"c":0.0001},"d":[1e15]}\n{"a":123456789012345.6,"b":{"c":0.00009}}\n'));
    expect(census.records).toBe(2);
    const [a, b, d] = census.root.fields!;
    expect(census.root.keys!.map(String)).toEqual(['a', 'b', 'd']);
    expect(a!.kinds).toBe(KIND.FLOAT);
    expect(b!.kinds).toBe(KIND.OBJECT);
    expect(b!.fields![0]!.kinds).toBe(KIND.FLOAT | KIND.FLOAT_EXPONENT);
    expect(d!.element!.kinds).toBe(KIND.FLOAT | KIND.FLOAT_EXPONENT);
    const exponent = (n: string) => {
      const c = new KindCensus(defaults);
      c.scan(Buffer.from(`{"v":${n}}`));
      return (c.root.fields![0]!.kinds & KIND.FLOAT_EXPONENT) !== 0;
    };
    for (const n of ['0.0001', '1.0e-4', '0.00012', '999999999999999.9', '9.99e14', '0.0', '-0.0', '0e10', '12.5e2']) expect(exponent(n), n).toBe(false);
    for (const n of ['0.00009999', '1e-5', '1e15', '1000000000000000.0', '1.5e16', '-2e-7', '1e400']) expect(exponent(n), n).toBe(true);
  });
});
