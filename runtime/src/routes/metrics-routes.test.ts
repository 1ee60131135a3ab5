import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSamples } from '../../testing/metric-samples.ts';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { ordersGraph } from '../../testing/test-graphs.ts';

// Values that must never reach the metrics: each a marker that cannot appear by chance.
const API_TOKEN = 'slu_env-api-token-Mk41x';
const DB_PASSWORD = 'db-password-Qv82z';
const DATABASE_URL = `postgres://sluice:${DB_PASSWORD}@db.internal:5432/sluice`;
const CREDENTIAL_VALUE = 'credential-value-Wp73c';

let t: TestApp;
let graphId: string;
const savedDatabaseUrl = process.env.SLUICE_DATABASE_URL;

beforeAll(async () => {
  // As a server would have it in its environment (the test app's store is SQLite all the same).
  process.env.SLUICE_DATABASE_URL = DATABASE_URL;
  t = await openTestApp({ apiToken: API_TOKEN, processMetrics: true });
  const input = join(t.temp.dir, 'landing', 'orders');
  mkdirSync(input, { recursive: true });
  writeFileSync(join(input, 'a.csv'), 'id,name\n1,ann\n2,bob\n');
  writeFileSync(join(input, 'b.csv'), 'id,name\n3,cy\n');
  graphId = (await t.call('POST', '/api/graphs', { document: ordersGraph() })).body.id;
});
afterAll(async () => {
  await t.close();
  if (savedDatabaseUrl === undefined) delete process.env.SLUICE_DATABASE_URL;
  else process.env.SLUICE_DATABASE_URL = savedDatabaseUrl;
});

async function scrape(token?: string): Promise<Map<string, number>> {
  const res = await t.request('/metrics', {}, token === undefined ? {} : { token });
  expect(res.status).toBe(200);
  return metricSamples(await res.text());
}

async function finished(runId: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (['succeeded', 'failed', 'cancelled'].includes((await t.call('GET', `/api/runs/${runId}`)).body.status)) {
      await t.runs.settled(runId);
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('GET /metrics', () => {
  it('needs credentials like every API route: none or a bad token get 401, any role may read', async () => {
    const none = await t.request('/metrics', {}, { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="sluice"');
    expect((await t.request('/metrics', {}, { token: 'slu_not-a-token' })).status).toBe(401);
    expect((await t.request('/metrics', { headers: { authorization: 'Basic c2x1aWNlOng=' } }, { token: null })).status).toBe(401);
    for (const role of ['viewer', 'editor', 'admin'] as const) expect((await t.request('/metrics', {}, { token: await t.tokenFor(role) })).status).toBe(200);
    expect((await t.request('/metrics', {}, { token: API_TOKEN })).status).toBe(200);
  });

  it('answers the Prometheus text format with every sluice_ metric', async () => {
    const res = await t.request('/metrics', {}, { token: await t.tokenFor('viewer') });
    expect(res.headers.get('content-type')).toBe(t.metrics.registry.contentType);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      'sluice_runs',
      'sluice_run_claims_total',
      'sluice_runs_finished_total',
      'sluice_run_duration_seconds',
      'sluice_files_total',
      'sluice_rows_total',
      'sluice_leader_lease_changes_total',
      'sluice_run_takeovers_total',
      'sluice_process_cpu_seconds_total',
    ])
      expect(text).toContain(`# TYPE ${name} `);
    const doc = await t.call('GET', '/api/openapi.json');
    expect(Object.keys(doc.body.paths)).toContain('/metrics');
  });

  it('moves when a run finishes: claims, ends, duration, files, rows, runs by status; queued is the queue depth', async () => {
    const before = await scrape();
    const { runId } = (await t.call('POST', `/api/graphs/${graphId}/runs`, {})).body;
    await finished(runId);
    const after = await scrape();
    const moved = (series: string) => after.get(series)! - before.get(series)!;
    expect(moved('sluice_run_claims_total')).toBe(1);
    expect(moved('sluice_runs_finished_total{status="succeeded"}')).toBe(1);
    expect(moved('sluice_runs_finished_total{status="failed"}')).toBe(0);
    expect(moved('sluice_run_duration_seconds_count{status="succeeded"}')).toBe(1);
    expect(moved('sluice_run_duration_seconds_sum{status="succeeded"}')).toBeGreaterThan(0);
    expect(moved('sluice_files_total{outcome="processed"}')).toBe(2);
    expect(moved('sluice_files_total{outcome="failed"}')).toBe(0);
    expect(moved('sluice_rows_total')).toBe(3);
    expect(moved('sluice_runs{status="succeeded"}')).toBe(1);

    // With the worker stopped, a queued run waits: the gauge reads it from the store at the scrape.
    await t.runs.stop();
    const waiting = (await t.call('POST', `/api/graphs/${graphId}/runs`, {})).body.runId;
    expect((await scrape()).get('sluice_runs{status="queued"}')).toBe(1);
    await t.runs.start();
    await finished(waiting);
    expect((await scrape()).get('sluice_runs{status="queued"}')).toBe(0);
  });

  it('holds no secret: no API token, credential value or database URL, whoever asks', async () => {
    expect((await t.call('PUT', '/api/credentials/partner_key', { value: CREDENTIAL_VALUE })).status).toBe(201);
    const tokens = [API_TOKEN, t.adminToken, await t.tokenFor('viewer'), await t.tokenFor('editor')];
    const answers: string[] = [];
    for (const token of [...tokens, 'slu_not-a-token', null]) answers.push(await (await t.request('/metrics', {}, { token })).text());
    const all = answers.join('\n');
    expect(all).toContain('sluice_runs');
    for (const secret of [...tokens, CREDENTIAL_VALUE, DB_PASSWORD, DATABASE_URL, 'db.internal']) expect(all).not.toContain(secret);
    // The premise: the secrets were there to leak.
    expect(process.env.SLUICE_DATABASE_URL).toBe(DATABASE_URL);
    expect(await t.temp.store.credentials.value('partner_key')).toBe(CREDENTIAL_VALUE);
  });
});
