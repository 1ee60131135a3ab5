import { describe, expect, it } from 'vitest';
import { checkLines, lineAndColumn, lineProblem } from './json-lines.ts';

describe('checkLines', () => {
  it('keeps good lines with their line numbers and reports bad ones with the cause', () => {
    const r = checkLines(Buffer.from('{"a":1}\r\n\n{"a":\n[1]\n{"a":"x"}'));
    expect(r.goodLines).toEqual([1, 5]);
    expect(r.clean.toString()).toBe('{"a":1}\n{"a":"x"}');
    expect(r.bad.map((b) => [b.line, b.text])).toEqual([
      [3, '{"a":'],
      [4, '[1]'],
    ]);
    expect(r.bad[0]!.cause).toMatch(/JSON/);
    expect(r.bad[1]!.cause).toBe('expected a JSON object, found an array');
  });
});

describe('lineProblem', () => {
  it('accepts an object and rejects scalars', () => {
    expect(lineProblem('{"a":{"b":[]}}')).toBeNull();
    expect(lineProblem('5')).toBe('expected a JSON object, found number');
    expect(lineProblem('null')).toBe('expected a JSON object, found null');
  });
});

describe('lineAndColumn', () => {
  it('counts from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
