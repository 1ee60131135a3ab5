import { describe, expect, it } from 'vitest';
import { parseExactJson, rawNumber } from './parse-exact-json.ts';

describe('parseExactJson', () => {
  it('keeps every number as written, through JSON.stringify too', () => {
    const text = '{"a":[1,-0,1e400,123456789012345678901234567890,0.12345678901234567890123,1.50],"b":{"c":true,"d":"x"}}';
    const value = parseExactJson(text) as { a: unknown[]; b: unknown };
    expect(JSON.stringify(value)).toBe(text);
    expect(value.a.map(rawNumber)).toEqual(['1', '-0', '1e400', '123456789012345678901234567890', '0.12345678901234567890123', '1.50']);
    expect(value.b).toEqual({ c: true, d: 'x' });
    expect(rawNumber('1')).toBeUndefined();
    expect(rawNumber(null)).toBeUndefined();
  });
});
