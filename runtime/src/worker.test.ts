import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectStore, type Store } from '@sluice/store';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { csvLandingGraph } from '../testing/test-graphs.ts';
import { installedPlugins } from './plugins/installed-plugins.ts';
import type { RunService } from './runs/run-service.ts';
import { startRuns } from './runs/start-runs.ts';
import { type RunningWorker, startWorker } from './worker.ts';

// `sluice worker --metrics-port`: a worker's own GET /metrics, behind the same guards and
// authentication as the API, on a real PostgreSQL store with the real job queue.

const TOKEN = 'worker-metrics-test-token-0123456789';
const open: { worker?: RunningWorker; queue?: RunService; store?: Store; db?: TestPgDatabase; dir?: string } = {};
afterEach(async () => {
  await open.worker?.close();
  await open.queue?.stop();
  await open.store?.close();
  await open.db?.drop();
  if (open.dir) rmSync(open.dir, { recursive: true, force: true });
  for (const k of Object.keys(open)) delete open[k as keyof typeof open];
});

/** GET with any Host header (fetch would not let a test send another one). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (b) => (body += b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

const sample = (text: string, name: string) => Number(new RegExp(`^${name.replace(/[{}"=]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);

async function setUp() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-worker-metrics-')));
  open.dir = dir;
  const input = join(dir, 'in');
  const bronze = join(dir, 'bronze');
  mkdirSync(input);
  mkdirSync(bronze);
  for (let i = 0; i < 3; i++) writeFileSync(join(input, `f${i}.csv`), `id\n${i}a\n${i}b\n`);
  open.db = await createTestPgDatabase();
  const env = {
    ...process.env,
    SLUICE_DATABASE_URL: open.db.url,
    SLUICE_ALLOWED_ROOTS: input,
    SLUICE_OUTPUT_ROOTS: bronze,
    SLUICE_CREDENTIALS_KEY: 'c'.repeat(64),
  };
  return { dir, input, bronze, env };
}

describe('sluice worker --metrics-port', () => {
  it('answers GET /metrics with its own counts to an API token only, on the allowed host names only, and nothing else', async () => {
    const { dir, input, bronze, env } = await setUp();
    const http = { allowedHosts: ['localhost', '127.0.0.1'], jsonMaxBytes: 1 << 20, insecureHttp: false };
    open.worker = await startWorker({ dataDir: join(dir, 'w'), env, log: () => {}, metrics: { port: 0, host: '127.0.0.1', http, apiToken: TOKEN } });
    const url = open.worker.metricsUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const auth = { authorization: `Bearer ${TOKEN}` };

    const anonymous = await get(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="sluice"');
    expect(anonymous.body).not.toContain('sluice_');
    expect((await get(url, { authorization: 'Bearer not-the-token-at-all-000' })).status).toBe(401);
    // DNS rebinding: a page of another name that resolves here is not answered.
    expect((await get(url, { ...auth, host: 'evil.example:80' })).status).toBe(421);
    // A worker's port is not a way into the API.
    expect((await get(url.replace('/metrics', '/api/graphs'), auth)).status).toBe(404);

    const before = await get(url, auth);
    expect(before.status).toBe(200);
    expect(sample(before.body, 'sluice_run_claims_total')).toBe(0);
    expect(before.body).toContain('sluice_process_cpu_seconds_total');

    // A run executed by this worker shows in its counts (the queue-only process counts nothing of it).
    open.store = await connectStore({ dataDir: join(dir, 'queue'), env });
    const graph = await open.store.graphs.create(csvLandingGraph({ name: 'metrics', folder: input, root: bronze, table: 't' }));
    open.queue = await startRuns({
      store: open.store,
      registry: await installedPlugins(),
      access: { inputRoots: [input], outputRoots: [bronze], allowedEndpoints: [] },
      concurrency: { global: 0 },
      env,
      log: () => {},
    });
    const { run } = await open.queue.enqueue(graph.id, { kind: 'manual' });
    const end = Date.now() + 60_000;
    while ((await open.store.runs.get(run.id))?.status !== 'succeeded') {
      if (Date.now() > end) throw new Error(`the run did not succeed: ${JSON.stringify(await open.store.runs.get(run.id))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = (await get(url, auth)).body;
    expect(sample(after, 'sluice_run_claims_total')).toBe(1);
    expect(sample(after, 'sluice_runs_finished_total{status="succeeded"}')).toBe(1);
    expect(sample(after, 'sluice_files_total{outcome="processed"}')).toBe(3);
    expect(sample(after, 'sluice_rows_total')).toBe(6);
    expect(sample(after, 'sluice_commit_duration_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('refuses to open its metrics port on an address other machines reach over plain http', async () => {
    const { dir, env } = await setUp();
    const http = { allowedHosts: ['localhost'], jsonMaxBytes: 1 << 20, insecureHttp: false };
    await expect(startWorker({ dataDir: join(dir, 'w'), env, log: () => {}, metrics: { port: 0, host: '0.0.0.0', http, apiToken: TOKEN } })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 over plain http/,
    );
  });
});
