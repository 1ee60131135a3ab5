import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import type { PluginRegistry } from '@sluice/engine';
import { EXAMPLES_DIR } from '../../testing/test-app.ts';
import { secretResolver } from '@sluice/store';
import { openTempStore, type TempStore } from '@sluice/store';
import { localFileItem } from './local-file-item.ts';
import { defaultPreviewType, PreviewError, previewFile } from './preview-file.ts';

let registry: PluginRegistry;
let temp: TempStore;
let dir: string;
beforeAll(async () => {
  registry = await installedPlugins({ pluginsDir: EXAMPLES_DIR });
  temp = openTempStore('sluice-preview-');
  dir = mkdtempSync(join(tmpdir(), 'sluice-preview-files-'));
});
afterAll(async () => {
  await temp.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const opts = () => ({ registry, store: temp.store.nodeStore('preview'), secrets: secretResolver(temp.store.credentials), tempRoot: join(temp.dir, 'tmp') });

describe('previewFile', () => {
  it('runs a third-party parse plugin once and returns schema, first rows and no leftovers', async () => {
    const path = join(dir, 'bank.txt');
    writeFileSync(path, 'ID  NAME      AMOUNT\n001 Alice     12.50\n002 Bob       7\n003 Carol     1\n');
    const config = {
      skipLines: 1,
      columns: [
        { name: 'id', start: 0, width: 4 },
        { name: 'name', start: 4, width: 10 },
        { name: 'amount', start: 14, width: 6 },
      ],
    };
    const r = await previewFile(await localFileItem(path), { ...opts(), type: 'parse-fixed-width', config, rows: 2 });
    expect(r).toEqual({
      format: 'fixed-width',
      schema: [
        { name: 'id', type: 'String' },
        { name: 'name', type: 'String' },
        { name: 'amount', type: 'String' },
      ],
      rows: [
        { id: '001', name: 'Alice', amount: '12.50' },
        { id: '002', name: 'Bob', amount: '7' },
      ],
      metadata: null,
      warnings: [],
    });
  });

  it('parses CSV with the default parse type and reports its metadata', async () => {
    const path = join(dir, 'sales.csv');
    writeFileSync(path, 'region,amount\nnorth,10\nsouth,20\n');
    const r = await previewFile(await localFileItem(path), opts());
    expect(defaultPreviewType(registry)).toBe(registry.get('parse-auto') ? 'parse-auto' : 'parse-csv');
    expect(r.schema.map((c) => c.name)).toEqual(['region', 'amount']);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({ region: 'north' });
    expect(String(r.rows[0]!.amount)).toBe('10');
    expect(r.format).toBe('csv');
  });

  it('names the field of a bad request', async () => {
    const path = join(dir, 'x.csv');
    writeFileSync(path, 'a\n1\n');
    const file = await localFileItem(path);
    await expect(previewFile(file, { ...opts(), type: 'no-such' })).rejects.toThrow(/type: unknown node type "no-such"/);
    await expect(previewFile(file, { ...opts(), type: 'decompress' })).rejects.toThrow(/type: "decompress" is not a parse node/);
    const bad = await previewFile(file, { ...opts(), type: 'parse-fixed-width', config: { skipLines: -1 } }).catch((e) => e);
    expect(bad).toBeInstanceOf(PreviewError);
    expect(bad.problems[0].path).toEqual(['config', 'skipLines']);
    await expect(localFileItem(join(dir, 'missing.csv'))).rejects.toThrow(/missing\.csv: cannot read the file \(ENOENT\)/);
  });
});
