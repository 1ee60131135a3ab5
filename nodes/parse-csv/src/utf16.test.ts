import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { Utf16ToUtf8 } from './utf16.ts';

const text = 'id\tname\r\n1\tZoë 😀\r\n2\tØrjan\r\n'.repeat(50);
const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

/** The bytes cut into chunks of `size` (odd sizes split code units and surrogate pairs). */
const chunks = (b: Buffer, size: number) => Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));
const convert = (b: Buffer, enc: 'utf-16le' | 'utf-16be', size: number) => buffer(Readable.from(chunks(b, size)).pipe(new Utf16ToUtf8(enc)));

describe('Utf16ToUtf8', () => {
  it('streams either byte order into UTF-8, the BOM dropped, whatever the chunk boundaries', async () => {
    for (const size of [1, 3, 7, 64, 4096]) {
      expect((await convert(le, 'utf-16le', size)).toString('utf8')).toBe(text);
      expect((await convert(be, 'utf-16be', size)).toString('utf8')).toBe(text);
    }
  });

  it('fails on an odd trailing byte or a lone surrogate instead of replacing it', async () => {
    await expect(convert(Buffer.concat([le, Buffer.from([0x41])]), 'utf-16le', 5)).rejects.toThrow(/not valid utf-16le/);
    await expect(convert(Buffer.concat([be, Buffer.from([0x41])]), 'utf-16be', 5)).rejects.toThrow(/not valid utf-16be/);
    await expect(convert(Buffer.from([0xff, 0xfe, 0x3d, 0xd8, 0x41, 0x00]), 'utf-16le', 2)).rejects.toThrow(/not valid utf-16le/);
  });
});
