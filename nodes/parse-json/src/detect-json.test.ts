import { describe, expect, it } from 'vitest';
import { detectJson } from './detect-json.ts';

const from = (head: string) => detectJson.sniff(Buffer.from(head, 'latin1'), 'x')?.from;

describe('detectJson', () => {
  it('claims text that opens a JSON value, after a BOM and blanks', () => {
    expect(from('{"a":1}\n')).toBe('content (starts with "{")');
    expect(from('\xef\xbb\xbf \n [1]')).toBe('content (starts with "[")');
    expect(from('[null]')).toBeDefined();
  });

  it('leaves bracketed CSV headers and other text alone', () => {
    expect(from('[id],[name]\n')).toBeUndefined();
    expect(from('{id},{name}\n')).toBeUndefined();
    expect(from('a,b\n')).toBeUndefined();
  });
});
