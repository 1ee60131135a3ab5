import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { fingerprintOf, type FileItem } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { decompressedFile } from './decompressed-file.ts';
import { DEFAULT_LIMITS } from './size-limits.ts';

/** Compressed bytes held in memory, as a remote source without a local copy would offer them. */
function inMemory(name: string, bytes: Buffer): FileItem & { opens: number } {
  const size = bytes.length;
  const modifiedAt = new Date(0);
  const item = {
    kind: 'file' as const,
    origin: { sourceNode: 's', key: name, uri: `s3://bucket/${name}`, size, modifiedAt, fingerprint: fingerprintOf({ size, modifiedAt }) },
    name,
    size,
    opens: 0,
    open: async () => {
      item.opens++;
      return Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]);
    },
    localPath: async (): Promise<string> => {
      throw new Error('no local copy');
    },
  };
  return item;
}

async function text(r: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
}

describe('decompressedFile', () => {
  it('streams from the first byte on every open, and spools to one temp file once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decompressed-file-'));
    const source = inMemory('daily.csv.gz', gzipSync('a,b\n1,2\n'));
    const tempNames: string[] = [];
    const item = decompressedFile(source, 'gzip', DEFAULT_LIMITS, async (name) => {
      tempNames.push(name);
      return join(dir, name);
    });
    expect(item).toMatchObject({ kind: 'file', name: 'daily.csv', compression: 'none', origin: source.origin });
    expect(item.size).toBeUndefined();
    expect(await text(await item.open())).toBe('a,b\n1,2\n');
    expect(await text(await item.open())).toBe('a,b\n1,2\n');
    const [p1, p2] = await Promise.all([item.localPath(), item.localPath()]);
    expect(p1).toBe(p2);
    expect(await item.localPath()).toBe(p1);
    expect(readFileSync(p1, 'utf8')).toBe('a,b\n1,2\n');
    expect(tempNames).toEqual(['decompressed-daily.csv']);
    expect(source.opens).toBe(3);
  });
});
