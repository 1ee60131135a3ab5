import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvConfig } from './csv-config.ts';
import { resolveDialect } from './csv-dialect.ts';
import { firstRows, textFrame } from './csv-frame.ts';

describe('textFrame', () => {
  it('scans files whose paths hold characters a URL would escape', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'csv-frame-')), 'odd dir #1');
    mkdirSync(dir);
    const config = parseCsvConfig.parse({});
    for (const name of ['ré port 100%.csv', 'what?.csv', 'star*[1].csv', 'pct%20.csv']) {
      const path = join(dir, name);
      writeFileSync(path, 'a,b\n1,2\n');
      for (const small of [false, true]) {
        const { frame, collected } = await textFrame(path, config, resolveDialect(config, Buffer.from('a,b\n')), { small });
        expect(collected).toBe(small);
        expect((await frame.collect()).toRecords(), name).toEqual([{ a: '1', b: '2' }]);
      }
      expect((await firstRows(path, config, resolveDialect(config, Buffer.from('a,b\n')), 10)).toRecords(), name).toEqual([{ a: '1', b: '2' }]);
    }
  });
});
