import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphDocument, WebhookTrigger } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../triggers/hmac-signature.ts';
import { filesGraph } from '../../testing/test-graphs.ts';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await openTestApp();
  // The data folder's landing area: the default input root.
  mkdirSync(join(t.temp.dir, 'landing', 'input'));
  for (const n of ['a', 'b']) writeFileSync(join(t.temp.dir, 'landing', 'input', `${n}.txt`), `hello ${n}\n`);
});
afterEach(async () => t.close());

async function hookedGraph(webhook: WebhookTrigger, secret = 's3cret'): Promise<string> {
  const doc: GraphDocument = { ...filesGraph('landing/input'), settings: { triggers: { webhook } } };
  const res = await t.call('POST', '/api/graphs', { document: doc });
  expect(res.status).toBe(201);
  if (secret) expect((await t.call('PUT', `/api/credentials/${webhook.secretRef}`, { value: secret })).status).toBeLessThan(300);
  return res.body.id;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await t.app.request(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: await res.json() };
}

const requests = async () => (await t.call('GET', '/api/hooks/requests?limit=100')).body;
const runCount = async () => Object.values(await t.temp.store.runs.countByStatus()).reduce((a, b) => a + b, 0);

describe('POST /hooks/<path> with a bearer token', () => {
  it('queues a run whose params are the body fields and the chosen headers, and logs the request', async () => {
    await t.runs.stop();
    const graphId = await hookedGraph({ enabled: true, path: 'partner/sales', auth: 'bearer', secretRef: 'partner-hook', passHeaders: ['X-Request-Id'] });
    const res = await post('/hooks/partner/sales', JSON.stringify({ keys: ['a.txt'], note: 'hi' }), {
      authorization: 'Bearer s3cret',
      'x-request-id': 'r-1',
      'x-other': 'no',
    });
    expect(res).toEqual({ status: 202, body: { runId: expect.stringMatching(/^run-/), status: 'queued' } });
    const run = (await t.temp.store.runs.get(res.body.runId))!;
    expect(run).toMatchObject({
      graphId,
      status: 'queued',
      triggerKind: 'webhook',
      triggerParams: { keys: ['a.txt'], note: 'hi', headers: { 'x-request-id': 'r-1' } },
    });
    expect((await requests()).items[0]).toMatchObject({ path: 'partner/sales', graphId, status: 'accepted', httpStatus: 202, runId: run.id });
  });

  it('waits for the run with ?wait=true and answers with its summary', async () => {
    await hookedGraph({ enabled: true, path: 'files', auth: 'bearer', secretRef: 'files-hook' });
    const res = await post('/hooks/files?wait=true', JSON.stringify({ keys: ['b.txt'] }), { authorization: 'Bearer s3cret' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', trigger: 'webhook', params: { keys: ['b.txt'] }, files: { processed: 1, failed: 0 } });
  });

  it('refuses, logs and starts nothing for a missing or wrong token, an unknown path, a bad body, an unset secret', async () => {
    await hookedGraph({ enabled: true, path: 'h', auth: 'bearer', secretRef: 'h-secret' });
    await hookedGraph({ enabled: true, path: 'nosecret', auth: 'bearer', secretRef: 'never-set' }, '');
    await hookedGraph({ enabled: false, path: 'off', auth: 'bearer', secretRef: 'h-secret' });
    const cases: [string, string, Record<string, string>, number, RegExp][] = [
      ['/hooks/h', '{}', {}, 401, /missing "Authorization: Bearer/],
      ['/hooks/h', '{}', { authorization: 'Bearer wrong' }, 401, /token is wrong/],
      ['/hooks/nope', '{}', { authorization: 'Bearer s3cret' }, 404, /no graph has an enabled webhook at \/hooks\/nope/],
      ['/hooks/off', '{}', { authorization: 'Bearer s3cret' }, 404, /no graph has an enabled webhook/],
      ['/hooks/h', '{"keys": [', { authorization: 'Bearer s3cret' }, 400, /not valid JSON/],
      ['/hooks/h', '[1]', { authorization: 'Bearer s3cret' }, 400, /must be a JSON object/],
      ['/hooks/h', '{"keys": "a.txt"}', { authorization: 'Bearer s3cret' }, 400, /"keys" must be a list/],
      // Only bucket events tell a source what an object is (size, ETag): a webhook cannot.
      ['/hooks/h', '{"keys": ["a.txt"], "keyFacts": {}}', { authorization: 'Bearer s3cret' }, 400, /"keyFacts" is reserved/],
      ['/hooks/h', 'x'.repeat(1024 * 1024 + 1), { authorization: 'Bearer s3cret' }, 413, /over the limit/],
      ['/hooks/nosecret', '{}', { authorization: 'Bearer s3cret' }, 403, /credential "never-set" is not set/],
    ];
    for (const [path, body, headers, status, error] of cases) {
      const res = await post(path, body, headers);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.body.error).toMatch(error);
    }
    expect(await runCount()).toBe(0);
    const logged = (await requests()).items;
    expect(logged).toHaveLength(cases.length);
    expect(logged.every((r: { status: string; runId: null }) => r.status === 'rejected' && r.runId === null)).toBe(true);
  });

  it('gives a retried request with the same Idempotency-Key its first run', async () => {
    await t.runs.stop();
    await hookedGraph({ enabled: true, path: 'idem', auth: 'bearer', secretRef: 'idem-hook' });
    const headers = { authorization: 'Bearer s3cret', 'idempotency-key': 'order-42' };
    const first = await post('/hooks/idem', '{}', headers);
    const again = await post('/hooks/idem', '{}', headers);
    expect(again.body.runId).toBe(first.body.runId);
    expect(await runCount()).toBe(1);
  });
});

describe('POST /hooks/<path> with an HMAC signature', () => {
  const now = () => String(Math.floor(Date.now() / 1000));
  const signed = (body: string, ts = now(), secret = 's3cret') => ({ 'x-sluice-timestamp': ts, 'x-sluice-signature': signWebhook(secret, ts, body) });

  it('accepts a signed request once; a replay, an old timestamp or a changed body is refused and starts nothing', async () => {
    await t.runs.stop();
    await hookedGraph({ enabled: true, path: 'signed', auth: 'hmac', secretRef: 'signed-hook', toleranceSeconds: 60 });
    const body = JSON.stringify({ keys: ['a.txt'] });
    const headers = signed(body);
    expect((await post('/hooks/signed', body, headers)).status).toBe(202);

    const replay = await post('/hooks/signed', body, headers);
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatch(/replayed request/);
    const old = String(Math.floor(Date.now() / 1000) - 120);
    expect((await post('/hooks/signed', body, signed(body, old))).body.error).toMatch(/1[12][0-9] s away from the server clock; at most 60 s/);
    expect((await post('/hooks/signed', '{"keys":["b.txt"]}', headers)).body.error).toMatch(/does not match the body/);
    expect((await post('/hooks/signed', body, signed(body, now(), 'other'))).status).toBe(401);
    expect((await post('/hooks/signed', body, {})).body.error).toMatch(/x-sluice-timestamp header is missing/);

    expect(await runCount()).toBe(1);
    const statuses = (await requests()).items.map((r: { httpStatus: number }) => r.httpStatus);
    expect(statuses).toEqual([401, 401, 401, 401, 409, 202]);
  });

  it('lets two racing copies of one signed request start one run', async () => {
    await t.runs.stop();
    await hookedGraph({ enabled: true, path: 'race', auth: 'hmac', secretRef: 'race-hook' });
    const body = '{}';
    const headers = signed(body);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/hooks/race', body, headers)));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409, 409, 409, 409, 409]);
    expect(await runCount()).toBe(1);
  });
});

describe('saving trigger settings', () => {
  it('refuses a cron croner cannot parse, naming the field', async () => {
    const doc: GraphDocument = { ...filesGraph('landing/input'), settings: { triggers: { schedule: { enabled: true, cron: '0 25 * * *' } } } };
    const res = await t.call('POST', '/api/graphs', { document: doc });
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([
      { path: ['settings', 'triggers', 'schedule', 'cron'], message: expect.stringMatching(/"0 25 \* \* \*" is not a cron expression croner accepts/) },
    ]);
  });
});

describe('GET /api/triggers', () => {
  it("shows each graph's triggers with the next fire times", async () => {
    const doc: GraphDocument = {
      ...filesGraph('landing/input'),
      settings: { triggers: { schedule: { enabled: true, cron: '0 6 * * *', timezone: 'Europe/Paris' }, poll: { enabled: true, everySeconds: 60 } } },
    };
    const id = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
    const res = await t.call('GET', `/api/triggers?graph=${id}`);
    expect(res.status).toBe(200);
    const item = res.body.items[0];
    expect(item).toMatchObject({
      graphId: id,
      schedule: { cron: '0 6 * * *', timezone: 'Europe/Paris' },
      poll: { everySeconds: 60 },
      webhook: null,
      problems: [],
    });
    expect(new Date(item.schedule.nextAt).toLocaleTimeString('en-GB', { timeZone: 'Europe/Paris' })).toBe('06:00:00');
    expect(new Date(item.schedule.nextAt).getTime()).toBeGreaterThan(Date.now());
  });
});
