import { describe, expect, it } from 'vitest';
import { loneSurrogates } from './lone-surrogates.ts';

const find = (json: string) => loneSurrogates(Buffer.from(json));

describe('loneSurrogates', () => {
  it('passes pairs, other escapes and escaped backslashes', () => {
    expect(find('{"s":"caf\\u00e9 \\ud83d\\ude00 \\uD83D\\uDE00"}')).toBeNull();
    expect(find('{"s":"\\\\ud800"}')).toBeNull(); // a backslash, then the text ud800
  });

  it('counts high or low halves standing alone, and says the first as written', () => {
    expect(find('{"s":"a\\ud800b","t":"\\udc00","u":"\\uD83D"}')).toEqual({ count: 3, first: '\\ud800' });
    expect(find('{"s":"\\\\\\ud800"}')).toEqual({ count: 1, first: '\\ud800' });
    expect(find('{"s":"\\ude00\\ud83d"}')).toEqual({ count: 2, first: '\\ude00' });
  });
});
