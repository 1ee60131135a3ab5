import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bronzeRows, landJson } from './testing/land-json.ts';

/**
 * Issue 15 class 1: values of several JSON kinds at one place (in one array, or across records)
 * must land as written. Polars merges them into one type and changes some (`[1,true]` -> `[1,1]`,
 * `[1,"a"]` -> `["1","a"]`), and writes a key one object lacks as null in JSON text of objects
 * that differ; each case below is landed both as JSON Lines and as a JSON document.
 */
const cases: Record<string, object[]> = {
  'bool-in-numbers': [{ a: [1, true] }, { a: [2, 3] }],
  'number-in-strings': [{ a: [1, 'a'] }, { a: ['b'] }],
  'bool-in-strings': [{ a: [true, 'x'] }],
  'across-rows': [{ a: [1, 2] }, { a: [true] }, { b: [1] }, { b: ['s'] }],
  'nested-arrays': [{ a: [[1, false], [2]] }],
  'in-object': [{ o: { c: [true, 'x', 2.5], d: 1 } }, { o: { c: [1], d: 2 } }],
  'objects-in-array': [{ items: [{ x: 1 }, { x: true }] }, { items: [{ x: 'one' }] }],
  'scalar-bool-and-number': [{ v: 1 }, { v: true }, { v: 2.5 }, { v: false }],
  'below-max-depth': [{ o: { p: { q: 1 } } }, { o: { p: { q: 'one' } } }],
  // Objects kept as JSON text whose keys differ: polars would write the missing key as null.
  'optional-keys-in-array': [{ items: [{ x: 1 }, { y: 2 }] }, { items: [{ x: 3, y: null }] }],
  'optional-keys-below-max-depth': [{ o: { p: { r: { x: 1 } } } }, { o: { p: { r: { y: 'b' } } } }],
};

/** What Bronze must hold for a source value (strings mode): a string as it is, anything else as JSON text of the same value. */
function expectLanded(landed: unknown, source: unknown, where: string): void {
  if (source === null) expect.soft(landed, where).toBeUndefined();
  else if (typeof source === 'string') expect.soft(landed, where).toBe(source);
  else {
    expect.soft(typeof landed, where).toBe('string');
    expect.soft(JSON.parse(landed as string), where).toEqual(source);
  }
}

/** The source's fields by Bronze column name: objects flattened (`o_c`) down to `maxDepth`, arrays kept whole. */
function flatten(record: Record<string, unknown>, maxDepth: number, prefix = '', depth = 0): [string, unknown][] {
  return Object.entries(record).flatMap(([k, v]): [string, unknown][] =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && depth < maxDepth
      ? flatten(v as Record<string, unknown>, maxDepth, `${prefix}${k}_`, depth + 1)
      : [[`${prefix}${k}`, v]],
  );
}

describe('JSON values of mixed kinds land as written (issue 15 class 1)', () => {
  for (const maxDepth of [10, 1]) {
    it(`keeps every element's kind, in JSON Lines and JSON documents (maxDepth ${maxDepth})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parse-json-kinds-'));
      for (const [name, records] of Object.entries(cases)) {
        writeFileSync(join(dir, `${name}.jsonl`), records.map((r) => JSON.stringify(r)).join('\n'));
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(records, null, 1));
      }
      const { summary, dataDir } = await landJson(dir, ['*.json', '*.jsonl'], { maxDepth });
      expect(summary.errors).toEqual([]);
      expect(summary.files.processed).toBe(Object.keys(cases).length * 2);
      for (const [name, records] of Object.entries(cases)) {
        for (const file of [`${name}.jsonl`, `${name}.json`]) {
          const source = JSON.parse(JSON.stringify(records)) as Record<string, unknown>[];
          const rows = bronzeRows(dataDir, file);
          expect(rows, file).toHaveLength(source.length);
          source.forEach((record, i) => {
            const fields = flatten(record, maxDepth);
            for (const [column, value] of fields) expectLanded(rows[i]![column], value, `${file} row ${i} ${column}`);
            expect.soft(Object.keys(rows[i]!).sort(), `${file} row ${i}`).toEqual(
              fields
                .filter(([, v]) => v !== null)
                .map(([c]) => c)
                .sort(),
            );
          });
        }
      }
    });
  }

  it('lands numbers polars cannot hold exactly as their source text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-json-numbers-'));
    const literals = ['123456789012345678901234567890', '0.12345678901234567890123', '-0', '1e400', '-1.5E-400', '99999999999999999999999999999999999999999'];
    // A wide integer with a float: polars would make both Float64, which cannot hold the integer.
    literals.push('12345678901234567');
    const lines = literals.map((n, i) => `{"i":${i},"v":${n},"a":[${n}${n === '12345678901234567' ? ',1.5' : ''}]}`);
    writeFileSync(join(dir, 'numbers.jsonl'), lines.join('\n'));
    writeFileSync(join(dir, 'numbers.json'), `[${lines.join(',\n')}]`);
    const { summary, dataDir } = await landJson(dir, ['numbers.*'], {});
    expect(summary.errors).toEqual([]);
    for (const file of ['numbers.jsonl', 'numbers.json']) {
      expect(bronzeRows(dataDir, file), file).toEqual(literals.map((n, i) => ({ i: String(i), v: n, a: `[${n}${n === '12345678901234567' ? ',1.5' : ''}]` })));
    }
  });
});
