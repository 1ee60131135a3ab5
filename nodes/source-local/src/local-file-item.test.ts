import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileError, listedSourceFile } from '@sluice/sdk';
import { readHead } from '@sluice/sdk/compression';
import { describe, expect, it } from 'vitest';
import { localFileItem } from './local-file-item.ts';

describe('localFileItem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'local-file-item-'));
  const itemOf = (name: string, bytes: string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const s = statSync(path);
    const origin = listedSourceFile('src', pathToFileURL(path).href, { key: name, size: s.size, modifiedAt: s.mtime });
    return { path, item: localFileItem(origin, path, undefined) };
  };

  it('reads its head in one small read, the same bytes as the start of its stream', async () => {
    const { item } = itemOf('a.csv', 'id,name\n1,x\n');
    expect(item.readHead).toBeDefined();
    expect((await item.readHead!(4)).toString()).toBe('id,n');
    expect((await item.readHead!(100)).toString()).toBe('id,name\n1,x\n');
    const stream = await item.open();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect((await readHead(item, 4)).equals(Buffer.concat(chunks).subarray(0, 4))).toBe(true);
  });

  it('reads a small file once for its heads: the sniff reads it whole, the next head that takes it all is served from that read', async () => {
    const { path, item } = itemOf('c.csv', 'id,name\n1,x\n');
    const listed = statSync(path).mtime;
    expect((await item.readHead!(4)).toString()).toBe('id,n');
    // Rewritten to bytes of the same size and time, which the listing's check cannot tell apart:
    // what the next head returns says whether the file was read again.
    writeFileSync(path, 'ID,NAME\n2,Y\n');
    utimesSync(path, listed, listed);
    expect((await item.readHead!(64 * 1024)).toString()).toBe('id,name\n1,x\n');
    // Taken whole: the bytes are no longer kept, and a later head reads the file again.
    expect((await item.readHead!(2)).toString()).toBe('ID');
    // A file above the kept size is read for each head.
    const big = itemOf('d.csv', `id\n${'1\n'.repeat(40_000)}`);
    const bigListed = statSync(big.path).mtime;
    expect((await big.item.readHead!(4)).toString()).toBe('id\n1');
    writeFileSync(big.path, `ID\n${'1\n'.repeat(40_000)}`);
    utimesSync(big.path, bigListed, bigListed);
    expect((await big.item.readHead!(4)).toString()).toBe('ID\n1');
  });

  it('refuses the head of a file changed since it was listed, as open does', async () => {
    const { path, item } = itemOf('b.csv', 'id\n1\n');
    writeFileSync(path, 'id\n1\n2\n');
    await expect(item.readHead!(4)).rejects.toThrow(FileError);
    await expect(item.readHead!(4)).rejects.toThrow(/changed while the run went/);
    await expect(item.open()).rejects.toThrow(/changed while the run went/);
  });
});
