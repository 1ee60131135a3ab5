import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedExamples } from './cli/seed-examples.ts';
import { startServer } from './server.ts';

// SLUICE_API_TOKEN of the servers started here: every API call sends it.
const TOKEN = 'server-test-api-token-0123456789';
const auth = { headers: { authorization: `Bearer ${TOKEN}` } };

const dirs: string[] = [];
const temp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('startServer', () => {
  it('serves the API and the built editor on 127.0.0.1, with the single-page fallback', async () => {
    const dist = temp('sluice-dist-');
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>editor</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const server = await startServer({ dataDir: temp('sluice-serve-'), port: 0, editorDist: dist, log: () => {}, apiToken: TOKEN });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await (await fetch(`${server.url}/api/health`, auth)).json()) as object).toMatchObject({ status: 'ok', version: expect.any(String) });
      // Without credentials: the editor's files (no data) yes, health's status only, the API no.
      expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok' });
      expect((await fetch(`${server.url}/api/graphs`)).status).toBe(401);
      expect(await (await fetch(`${server.url}/`)).text()).toContain('<title>editor</title>');
      expect(await (await fetch(`${server.url}/graphs/abc`)).text()).toContain('<title>editor</title>');
      const js = await fetch(`${server.url}/assets/app.js`);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      const api404 = await fetch(`${server.url}/api/nope`, auth);
      expect(api404.status).toBe(404);
      expect(((await api404.json()) as { error: string }).error).toMatch(/no route for GET \/api\/nope/);
      // The metrics need credentials too (never the editor's page), and carry the process metrics.
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const metrics = await (await fetch(`${server.url}/metrics`, auth)).text();
      expect(metrics).toContain('sluice_runs{status="queued"} 0');
      expect(metrics).toContain('# TYPE sluice_process_cpu_seconds_total counter');
    } finally {
      await server.close();
    }
  });

  it('closes promptly with an event stream open', async () => {
    const server = await startServer({ dataDir: temp('sluice-serve-'), port: 0, log: () => {}, apiToken: TOKEN });
    const graph = await server.store.graphs.create({ format: 'sluice-graph', version: 1, name: 'g', nodes: {}, edges: [] });
    // A run recorded as running by another process: its stream stays open, beating.
    const { run } = await server.store.runs.enqueue({ graphId: graph.id, trigger: { kind: 'cli' } }, new Date(), { graphRevision: 1 });
    const res = await fetch(`${server.url}/api/runs/${run.id}/events`, auth);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: status');
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(5000);
    await reader.cancel().catch(() => {});
  });

  it('says how to build the editor when it is not built', async () => {
    const server = await startServer({ dataDir: temp('sluice-serve-'), port: 0, editorDist: join(temp('sluice-nodist-'), 'dist'), log: () => {} });
    try {
      const page = await (await fetch(`${server.url}/`)).text();
      expect(page).toContain('pnpm --filter @sluice/editor build');
    } finally {
      await server.close();
    }
  });

  it('refuses a second server on the same data folder', async () => {
    const dataDir = temp('sluice-serve-');
    const first = await startServer({ dataDir, port: 0, log: () => {} });
    try {
      writeFileSync(join(dataDir, 'server.lock'), String(process.ppid));
      await expect(startServer({ dataDir, port: 0, log: () => {} })).rejects.toThrow(/data folder .* is in use by another Sluice process/);
    } finally {
      await first.close();
    }
  });

  it('refuses a leader lease outside 3-300 s, naming the setting, before it opens anything', async () => {
    for (const bad of ['2', '301', '1.5', 'soon']) {
      await expect(startServer({ dataDir: temp('sluice-serve-'), port: 0, log: () => {}, env: { SLUICE_LEADER_LEASE_SECONDS: bad } })).rejects.toThrow(
        `SLUICE_LEADER_LEASE_SECONDS: "${bad}" must be a whole number of seconds from 3 to 300`,
      );
    }
  });

  it('names the port when it is taken', async () => {
    const first = await startServer({ dataDir: temp('sluice-serve-'), port: 0, log: () => {} });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startServer({ dataDir: temp('sluice-serve-'), port, log: () => {} })).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await first.close();
    }
  });

  it('imports the example graphs that plan, with their folder as base', async () => {
    const server = await startServer({
      dataDir: temp('sluice-serve-'),
      port: 0,
      log: () => {},
      apiToken: TOKEN,
      prepare: async (store, registry) => {
        const logged: string[] = [];
        expect(await seedExamples(store, registry, (m) => logged.push(m))).toContain('Gzip CSV to Bronze');
      },
    });
    try {
      const list = (await (await fetch(`${server.url}/api/graphs`, auth)).json()) as { items: { id: string; name: string }[] };
      const example = list.items.find((g) => g.name === 'Gzip CSV to Bronze');
      expect(example).toBeDefined();
      expect((await server.store.graphs.get(example!.id))?.baseDir).toMatch(/examples\/gzip-csv-to-bronze$/);
    } finally {
      await server.close();
    }
  });
});
