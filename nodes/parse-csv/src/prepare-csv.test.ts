import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileItem } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { parseCsvConfig } from './csv-config.ts';
import { HEAD_BYTES, prepareCsv } from './prepare-csv.ts';

/** A file as a source lists it: `size` is what the listing said, which the bytes may no longer match. */
function listed(path: string, size: number | undefined): FileItem {
  const origin = { uri: pathToFileURL(path).href, sourceNode: 'src', key: path, fingerprint: 'f', size: size ?? 0, modifiedAt: new Date(0) };
  return { kind: 'file', name: 'x.csv', origin, ...(size === undefined ? {} : { size }), localPath: async () => path } as unknown as FileItem;
}

describe('prepareCsv head', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prepare-csv-'));
  const config = parseCsvConfig.parse({});
  const prepare = (path: string, size: number | undefined) => prepareCsv(listed(path, size), config, async (n) => join(dir, `tmp-${n}`));

  it('reads the whole of a small file, whatever its listed size said: as listed, shrunk, grown, or unknown', async () => {
    const path = join(dir, 'small.csv');
    const bytes = 'id,name\n1,a\n2,b\n';
    writeFileSync(path, bytes);
    for (const size of [bytes.length, bytes.length + 100, 3, 0, undefined]) {
      const p = await prepare(path, size);
      expect(p.head.toString(), `listed size ${size}`).toBe(bytes);
      expect(p.small).toBe(true);
    }
  });

  it('sees a file that grew past the head since it was listed as not small, with the full head', async () => {
    const path = join(dir, 'grown.csv');
    const bytes = `id,name\n${'1,abcdefghij\n'.repeat(10_000)}`;
    writeFileSync(path, bytes);
    for (const size of [20, undefined]) {
      const p = await prepare(path, size);
      expect(p.head.length).toBe(HEAD_BYTES);
      expect(p.head.toString()).toBe(bytes.slice(0, HEAD_BYTES));
      expect(p.small).toBe(false);
    }
  });
});
