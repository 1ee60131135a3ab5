import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '@sluice/store';
import { testBronzePart } from '@sluice/store/testing/parts';
import { describe, expect, it } from 'vitest';
import { startServer } from './server.ts';

const DAY = 'ingest_date=2026-12-01';

describe('startServer: start-up recovery of the storage sinks wrote', () => {
  it('recovers every Bronze table the store knows before any run: committed pending parts published, unlisted parts removed', async () => {
    const data = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-start-recovery-')));
    const table = join(data, 'bronze', 'sales');
    mkdirSync(join(table, DAY), { recursive: true });
    const committed = `${DAY}/part-1111111111111111-11111111.parquet`;
    writeFileSync(join(table, DAY, '.part-1111111111111111-11111111.parquet.pending'), 'committed, not renamed');
    writeFileSync(join(table, DAY, 'part-2222222222222222-22222222.parquet'), 'renamed by an older version, never committed');
    const store = openStore({ dataDir: data });
    store.nodeStore('g').transaction((tx) => tx.parts.add(testBronzePart(pathToFileURL(table).href, committed, { bytes: 22 })));
    store.close();

    const lines: string[] = [];
    const server = await startServer({ dataDir: data, port: 0, log: (m) => lines.push(m), apiToken: 'start-up-recovery-test-token-0123' });
    await server.close();
    expect(readdirSync(join(table, DAY))).toEqual(['part-1111111111111111-11111111.parquet']);
    expect(readdirSync(table).sort()).toEqual(['_sluice_manifest.json', DAY]);
    expect(lines.join('\n')).toMatch(/Bronze table file:\/\/\S+\/sales: published 1 committed parts a stopped run left pending/);
  }, 60_000);
});
