import { describe, expect, it } from 'vitest';
import { compareKeys, folderEnd } from './key-order.ts';

const bytes = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('compareKeys', () => {
  it('orders keys as their UTF-8 bytes, where a JavaScript comparison does not', () => {
    expect('\u{1F600}' < '\uFF01').toBe(true); // UTF-16 code units
    expect(Math.sign(compareKeys('\u{1F600}', '\uFF01'))).toBe(1); // UTF-8: F0 9F… after EF BC…
    expect(Math.sign(compareKeys('a/', 'a!'))).toBe(1);
    expect(Math.sign(compareKeys('a', 'a/'))).toBe(-1);
    expect(compareKeys('é/x', 'é/x')).toBe(0);
  });

  it('agrees with a byte comparison on random keys from a hostile alphabet', () => {
    const alphabet = [
      'a',
      'b',
      '/',
      '0',
      '.',
      '!',
      ' ',
      '+',
      '%',
      '~',
      'é',
      '\u00ff',
      '\u0100',
      '\ud7ff',
      '\ue000',
      '\uff01',
      '\uffff',
      '\u{10000}',
      '\u{1F600}',
      '\u{10FFFF}',
    ];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const key = () => Array.from({ length: 1 + rand(6) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const a = key();
      const b = rand(4) === 0 ? a + key() : key();
      expect([a, b, Math.sign(compareKeys(a, b))]).toEqual([a, b, bytes(a, b)]);
    }
  });
});

describe('folderEnd', () => {
  it('is the first key after every key under the folder', () => {
    const end = folderEnd('p/a/');
    expect(end).toBe('p/a0');
    for (const inside of ['p/a/', 'p/a/x', 'p/a//', 'p/a/\u{10FFFF}\u{10FFFF}']) expect(compareKeys(inside, end)).toBeLessThan(0);
    for (const outside of ['p/a0', 'p/a00', 'p/a1', 'p/b']) expect(compareKeys(outside, end)).toBeGreaterThanOrEqual(0);
    expect(() => folderEnd('p/a')).toThrow(/not a folder/);
  });
});
