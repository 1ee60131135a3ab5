import { describe, expect, it } from 'vitest';
import { detectJsonFormat, endOfValue, looksLikeJsonLines } from './json-format.ts';

const b = (s: string) => Buffer.from(s);

describe('looksLikeJsonLines', () => {
  it('sees objects one per line', () => {
    expect(looksLikeJsonLines(b('{"a":1}\n{"a":2}\n'))).toBe(true);
    expect(looksLikeJsonLines(b('\ufeff  {"a":"}{\\"x"}\r\n{"a":2}'))).toBe(true);
  });
  it('does not take a single object, a pretty-printed one or an array for lines', () => {
    expect(looksLikeJsonLines(b('{"a":1}\n'))).toBe(false);
    expect(looksLikeJsonLines(b('{\n  "a": 1\n}\n'))).toBe(false);
    expect(looksLikeJsonLines(b('[{"a":1},\n{"a":2}]'))).toBe(false);
    expect(looksLikeJsonLines(b(''))).toBe(false);
  });
  it('treats a first line that does not close within the sample as a document', () => {
    expect(looksLikeJsonLines(b('{"a":[1,2,'))).toBe(false);
  });
});

describe('detectJsonFormat', () => {
  it('prefers the configured format, then an array, then the extension, then the bytes', () => {
    expect(detectJsonFormat(b('{"a":1}'), 'x.json', 'jsonl')).toBe('jsonl');
    expect(detectJsonFormat(b('[{"a":1}]'), 'x.jsonl', 'auto')).toBe('json');
    expect(detectJsonFormat(b('{"a":1}'), 'x.ndjson', 'auto')).toBe('jsonl');
    expect(detectJsonFormat(b('{"a":1}\n{"a":2}'), 'export.json', 'auto')).toBe('jsonl');
    expect(detectJsonFormat(b('{"a":1}'), 'export.json', 'auto')).toBe('json');
  });
});

describe('endOfValue', () => {
  it('skips brackets inside strings and escaped quotes', () => {
    const s = '{"a":"]}\\"{","b":[1,{"c":2}]} tail';
    expect(endOfValue(b(s), 0)).toBe(s.indexOf(' tail'));
  });
});
