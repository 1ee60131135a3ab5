import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '@sluice/store';
import { testBronzePart } from '@sluice/store/testing/parts';
import { describe, expect, it } from 'vitest';
import { writePluginPackage } from '../testing/plugin-package.ts';
import { startServer } from './server.ts';

const DAY = 'ingest_date=2026-12-01';
/** The global the gated test plugin's recovery waits on (it is loaded into this process). */
const GATE = 'sluice.test.start-up-recovery-gate';

describe('startServer: start-up recovery of the storage sinks wrote', () => {
  it('recovers every Bronze table the store knows: committed pending parts published, unlisted parts removed', async () => {
    const data = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-start-recovery-')));
    const table = join(data, 'bronze', 'sales');
    mkdirSync(join(table, DAY), { recursive: true });
    const committed = `${DAY}/part-1111111111111111-11111111.parquet`;
    writeFileSync(join(table, DAY, '.part-1111111111111111-11111111.parquet.pending'), 'committed, not renamed');
    writeFileSync(join(table, DAY, 'part-2222222222222222-22222222.parquet'), 'renamed by an older version, never committed');
    const store = openStore({ dataDir: data });
    await store.nodeStore('g').transaction((tx) => tx.parts.add(testBronzePart(pathToFileURL(table).href, committed, { bytes: 22 })));
    await store.close();

    const lines: string[] = [];
    const server = await startServer({ dataDir: data, port: 0, log: (m) => lines.push(m), apiToken: 'start-up-recovery-test-token-0123' });
    try {
      await server.recovered;
      expect(readdirSync(join(table, DAY))).toEqual(['part-1111111111111111-11111111.parquet']);
      expect(readdirSync(table).sort()).toEqual(['_sluice_manifest.json', DAY]);
      expect(lines.join('\n')).toMatch(/Bronze table file:\/\/\S+\/sales: published 1 committed parts a stopped run left pending/);
      expect(lines.at(-1)).toMatch(/^start-up recovery done \(\d+ ms\)$/);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('listens and answers before the recovery ends: it runs in the background, and a stop waits for it', async () => {
    const data = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-start-recovery-')));
    // A sink plugin whose recovery goes on until the test lets it end (or the server stops it).
    const plugins = join(data, 'plugins');
    writePluginPackage(plugins, 'gated', 'gated-recovery-sink', {
      'gated-recovery': {
        file: 'index.js',
        source: `import { z } from 'zod';
export default {
  type: 'gated-recovery', version: 1, category: 'sink', title: 'Gated', description: 'A sink whose start-up recovery waits for the test',
  config: z.strictObject({}), inputs: { table: { kind: 'table', title: 'Rows' } }, outputs: {},
  async run() {},
  recoversStorage: {
    async recover(ctx) {
      ctx.log.info('gated recovery began');
      const stopped = new Promise((resolve) => (ctx.signal?.aborted ? resolve() : ctx.signal?.addEventListener('abort', resolve, { once: true })));
      await Promise.race([globalThis[Symbol.for('${GATE}')], stopped]);
      ctx.log.info(ctx.signal?.aborted ? 'gated recovery stopped' : 'gated recovery ended');
    },
  },
};
`,
      },
    });
    let release = () => {};
    const gate = () => ((globalThis as Record<symbol, unknown>)[Symbol.for(GATE)] = new Promise<void>((r) => (release = r)));
    const lines: string[] = [];
    const token = 'start-up-recovery-test-token-0123';
    const start = () => startServer({ dataDir: data, port: 0, pluginsDir: plugins, log: (m) => lines.push(m), apiToken: token });

    gate();
    let settled = false;
    const server = await start();
    try {
      void server.recovered.then(() => (settled = true));
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      const graphs = await fetch(`${server.url}/api/graphs`, { headers: { authorization: `Bearer ${token}` } });
      expect(graphs.status).toBe(200);
      expect(lines).toContain('gated recovery began');
      expect(settled).toBe(false);
      release();
      await server.recovered;
      expect(lines.slice(-2)).toEqual(['gated recovery ended', expect.stringMatching(/^start-up recovery done \(\d+ ms\)$/)]);
    } finally {
      release();
      await server.close();
    }

    // Stopped while it still goes on: the stop tells it, and waits for it before closing the store.
    gate();
    lines.length = 0;
    const again = await start();
    settled = false;
    void again.recovered.then(() => (settled = true));
    await expect.poll(() => lines).toContain('gated recovery began');
    await again.close();
    expect(settled).toBe(true);
    expect(lines).toContain('gated recovery stopped');
  }, 60_000);
});
