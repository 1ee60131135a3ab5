import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from './parse-json-bytes.ts';
import type { ParseJsonOptions } from './parse-json-bytes.ts';

const defaults: ParseJsonOptions = { format: 'auto', maxDepth: 10, separator: '_', arrays: 'json', types: 'strings', badLines: 'fail' };
const parse = (text: string, opts: Partial<ParseJsonOptions> = {}, name = 'f.json') => {
  const r = parseJsonBytes(Buffer.from(text), name, { ...defaults, ...opts });
  if (!r) throw new Error('no content');
  const frame = r.frame.collectSync();
  return { ...r, frame, rows: frame.toRecords() };
};

describe('parseJsonBytes', () => {
  it('flattens nested objects into parent_child columns up to maxDepth, deeper as JSON text', () => {
    const doc = '[{"id":1,"a":{"b":{"c":{"d":1}}}}]';
    expect(parse(doc).rows).toEqual([{ id: '1', a_b_c_d: '1' }]);
    expect(parse(doc, { maxDepth: 1 }).rows).toEqual([{ id: '1', a_b: '{"c":{"d":1}}' }]);
    expect(parse(doc, { maxDepth: 0 }).rows).toEqual([{ id: '1', a: '{"b":{"c":{"d":1}}}' }]);
  });

  it('gives a flattened column whose name is taken a unique name', () => {
    expect(parse('[{"a_b":1,"a":{"b":2,"c":null}}]').rows).toEqual([{ a_b: '1', a_b_2: '2', a_c: null }]);
  });

  it('keeps arrays as JSON text or explodes them into rows', () => {
    const doc = '{"id":1,"tags":["x","y"],"items":[{"sku":"a"},{"sku":"b"}]}\n{"id":2,"tags":[],"items":null}\n';
    expect(parse(doc).rows).toEqual([
      { id: '1', tags: '["x","y"]', items: '[{"sku":"a"},{"sku":"b"}]' },
      { id: '2', tags: '[]', items: null },
    ]);
    const exploded = parse(doc, { arrays: 'explode' }).rows;
    expect(exploded).toHaveLength(5);
    expect(exploded.slice(0, 2)).toEqual([
      { id: '1', tags: 'x', items_sku: 'a' },
      { id: '1', tags: 'x', items_sku: 'b' },
    ]);
    expect(exploded[4]).toEqual({ id: '2', tags: null, items_sku: null });
  });

  it('keeps values of mixed types as text instead of nulling them', () => {
    const lines = '{"v":1}\n'.repeat(300) + '{"v":"n/a"}\n{"v":2.5,"late":true}\n';
    const r = parse(lines);
    expect(r.engine).toBe('polars');
    expect(r.rows[300]).toEqual({ v: 'n/a', late: null });
    expect(r.rows[301]).toEqual({ v: '2.5', late: 'true' });
  });

  it('falls back to records when polars cannot unify a field that is a number and an object', () => {
    const r = parse('{"v":1,"w":true}\n{"v":{"x":2},"w":3}\n');
    expect(r.engine).toBe('javascript');
    expect(r.rows).toEqual([
      { v: '1', w: 'true', v_x: null },
      { v: null, w: '3', v_x: '2' },
    ]);
  });

  it('infers types when asked, with text for a column of mixed types', () => {
    const r = parse('{"n":1,"f":1.5,"b":true,"s":"x","m":1}\n{"n":2,"f":2,"b":false,"s":"y","m":"z"}\n', { types: 'infer' });
    expect(r.frame.schema.n.variant).toBe('Int64');
    expect(r.frame.schema.f.variant).toBe('Float64');
    expect(r.frame.schema.b.variant).toBe('Bool');
    expect(r.frame.schema.m.variant).toBe('String');
  });

  it('keeps numbers a double cannot hold as written, as text also when inferring types', () => {
    const odd = ['-0', '1e400', '-1.5E-400', '123456789012345678901234567890', '0.12345678901234567890123'];
    for (const types of ['strings', 'infer'] as const) {
      const r = parse(odd.map((n) => `{"v":${n},"n":1,"f":2.5}`).join('\n'), { types }, 'n.jsonl');
      expect(r.engine).toBe('javascript');
      expect(r.rows.map((row) => row.v)).toEqual(odd);
      expect(r.frame.schema.v.variant).toBe('String');
      expect(r.frame.schema.n.variant).toBe(types === 'infer' ? 'Int64' : 'String');
      expect(r.frame.schema.f.variant).toBe(types === 'infer' ? 'Float64' : 'String');
    }
  });

  it('fails bytes that are not UTF-8 instead of replacing them, naming the line', () => {
    const bytes = Buffer.concat([Buffer.from('{"s":"a"}\n{"s":"b'), Buffer.from([0xff]), Buffer.from('"}\n')]);
    expect(() => parseJsonBytes(bytes, 'latin1.jsonl', defaults)).toThrow(
      'latin1.jsonl: is not valid UTF-8 (first invalid byte at line 2): JSON text must be UTF-8',
    );
  });

  /** The same records (JSON texts) parsed as JSON Lines and as a JSON document: rows and warnings of each. */
  const asLinesAndDocument = (records: string[]) =>
    [`${records.join('\n')}\n`, `[${records.join(',')}]`].map((text) => {
      const r = parse(text);
      return { rows: r.rows, warnings: r.warnings };
    });

  it('lands a lone surrogate escape as U+FFFD in a text cell and as written in JSON text, with a warning, never as U+0000', () => {
    const expected = {
      rows: [
        { s: 'a\ufffdb', e: '\u{1f600}' },
        { s: '["\\udc00"]', e: null },
      ],
      warnings: [
        '2 lone UTF-16 surrogate escapes (first \\ud800): no UTF-8 text can hold one: U+FFFD in its place in a text cell, the escape kept in JSON text',
      ],
    };
    expect(asLinesAndDocument(['{"s":"a\\ud800b","e":"\\ud83d\\ude00"}', '{"s":["\\udc00"],"e":null}'])).toEqual([expected, expected]);
  });

  it('lands the last value of a key repeated within one object, with a warning, in lines and documents', () => {
    const expected = {
      rows: [
        { a: '2', b_c: 'x' },
        { a: '3', b_c: null },
      ],
      warnings: ['2 keys repeated within one object: the last value of each landed, the earlier ones did not'],
    };
    expect(asLinesAndDocument(['{"a":1,"a":2,"b":{"c":1,"c":"x"}}', '{"a":3}'])).toEqual([expected, expected]);
  });

  it('reads one object as one row, and a BOM is ignored', () => {
    expect(parse('\ufeff{\n "a": 1,\n "b": {"c": "x"}\n}\n').rows).toEqual([{ a: '1', b_c: 'x' }]);
  });

  it('fails invalid JSON naming the line, column and cause', () => {
    expect(() => parse('[{"a":1},\n{"a":}]', {}, 'bad.json')).toThrow(/^bad\.json: invalid JSON at line 2, column 6: /);
    expect(() => parse('[1,2]', {}, 'nums.json')).toThrow('nums.json: element 0 of the top-level array is number; expected an array of objects');
  });

  const withBadLine = '{"a":1}\n{"a":2,\n{"a":3}\n';

  it('fails a JSONL file with a bad line, naming the line and the cause', () => {
    expect(() => parse(withBadLine, {}, 'e.jsonl')).toThrow(/^e\.jsonl: malformed JSON Lines at line 2: Expected double-quoted property name$/);
  });

  it('skips bad lines and counts them', () => {
    const r = parse(withBadLine, { badLines: 'skip' }, 'e.jsonl');
    expect(r.rows).toEqual([{ a: '1' }, { a: '3' }]);
    expect(r.warnings).toEqual([expect.stringMatching(/^skipped 1 malformed line \(first at line 2: /)]);
  });

  it('keeps bad lines in _rescued_data, in file order', () => {
    const r = parse(withBadLine, { badLines: 'rescue' }, 'e.jsonl');
    expect(r.rows).toEqual([
      { a: '1', _rescued_data: null },
      { a: null, _rescued_data: '{"a":2,' },
      { a: '3', _rescued_data: null },
    ]);
    expect(parse('{"a":1}\n{"a":2}\n', { badLines: 'rescue' }).rows).toEqual([
      { a: '1', _rescued_data: null },
      { a: '2', _rescued_data: null },
    ]);
    expect(parse('nope\n', { badLines: 'rescue' }, 'x.jsonl').rows).toEqual([{ _rescued_data: 'nope' }]);
  });

  it('adds the empty _rescued_data column without making rows of records with no fields (none land without rescue either)', () => {
    const r = parse('{}\n{}\n', { badLines: 'rescue' }, 'e.jsonl');
    expect(r.rows).toEqual([]);
    expect(r.frame.columns).toEqual(['_rescued_data']);
  });

  it('returns null for an empty file', () => {
    expect(parseJsonBytes(Buffer.from(' \n'), 'e.json', defaults)).toBeNull();
  });
});
