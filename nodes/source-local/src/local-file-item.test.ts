import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
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

  it('refuses the head of a file changed since it was listed, as open does', async () => {
    const { path, item } = itemOf('b.csv', 'id\n1\n');
    writeFileSync(path, 'id\n1\n2\n');
    await expect(item.readHead!(4)).rejects.toThrow(FileError);
    await expect(item.readHead!(4)).rejects.toThrow(/changed while the run went/);
    await expect(item.open()).rejects.toThrow(/changed while the run went/);
  });
});
