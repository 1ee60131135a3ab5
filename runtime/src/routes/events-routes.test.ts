import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphDocument } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { triggerConfigFromEnv } from '../triggers/trigger-config.ts';
import { eventsRoutes } from './events-routes.ts';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';

const TOKEN = 'events-token-for-tests';
const fixture = (name: string) => readFileSync(new URL(`../triggers/bucket-events/fixtures/${name}`, import.meta.url), 'utf8');
const rgwBody = fixture('ceph-rgw-object-created.json');

let t: TestApp;
beforeEach(async () => {
  process.env.SLUICE_EVENTS_TOKEN = TOKEN;
  t = await openTestApp();
  // No worker: the queued runs are what these tests look at.
  await t.runs.stop();
});
afterEach(async () => {
  await t.close();
  delete process.env.SLUICE_EVENTS_TOKEN;
});

/** Saved straight to the store: the intake reads graphs' settings, whatever plugins are installed. */
function watcher(bucket: string, prefix = 'incoming/'): GraphDocument {
  return {
    format: 'sluice-graph',
    version: 1,
    name: `watch ${bucket}`,
    settings: { triggers: { bucketEvents: { enabled: true } } },
    nodes: { src: { type: 'source-s3', typeVersion: 1, position: { x: 0, y: 0 }, config: { bucket, prefix, patterns: ['*.csv'] } } },
    edges: [],
  };
}

async function send(body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }, app = t.app) {
  const res = await app.request('/api/events/s3', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const depsOf = (app: TestApp) => ({ store: app.temp.store, registry: app.registry, runs: app.runs, access: app.access, version: 'test' });
const runs = () => t.temp.store.runs.countByStatus();

describe('POST /api/events/s3', () => {
  it('logs a Ceph RGW event and queues a run for exactly that object; a repeated delivery starts nothing', async () => {
    const graph = await t.temp.store.graphs.create(watcher('notif-bucket'));
    const first = await send(rgwBody);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ runsQueued: 1, events: [{ key: 'incoming/report 1.csv', status: 'received', runs: [{ graphId: graph.id }] }] });
    const runId = first.body.events[0].runs[0].runId;
    expect(await t.temp.store.runs.get(runId)).toMatchObject({ status: 'queued', triggerKind: 's3-event', triggerParams: { keys: ['incoming/report 1.csv'] } });

    const again = await send(rgwBody);
    expect(again.status).toBe(202);
    expect(again.body.events[0]).toMatchObject({ status: 'ignored', duplicateOf: first.body.events[0].id });
    expect(await runs()).toEqual({ queued: 1 });

    const log = (await t.call('GET', `/api/events?graph=${graph.id}`)).body;
    expect(log).toMatchObject({
      total: 1,
      items: [{ status: 'received', source: 'ceph', bucket: 'notif-bucket', key: 'incoming/report 1.csv', httpStatus: 202, runs: [{ runId }] }],
    });
    expect((await t.call('GET', '/api/events?status=ignored')).body.items[0]).toMatchObject({
      duplicateOf: first.body.events[0].id,
      reason: expect.stringMatching(/repeated delivery/),
    });
  });

  it('decodes MinIO keys and unwraps AWS SNS notifications (sent as text/plain)', async () => {
    await t.temp.store.graphs.create(watcher('uploads'));
    await t.temp.store.graphs.create(watcher('landing', 'partner/'));
    expect((await send(fixture('minio-object-created.json'))).body.events[0]).toMatchObject({ key: 'incoming/report 1.csv', status: 'received' });
    const sns = JSON.stringify({ Type: 'Notification', MessageId: 'x', TopicArn: 'arn:aws:sns:us-east-1:1:t', Message: fixture('aws-s3-object-created.json') });
    const viaSns = await send(sns, { authorization: `Basic ${Buffer.from(`sns:${TOKEN}`).toString('base64')}`, 'content-type': 'text/plain; charset=UTF-8' });
    expect(viaSns.body.events[0]).toMatchObject({ key: 'partner/sales 2024-01-15 + final.csv', status: 'received' });
    expect(await runs()).toEqual({ queued: 2 });
  });

  it('takes the token from ?token= for Ceph RGW, which cannot send headers', async () => {
    await t.temp.store.graphs.create(watcher('notif-bucket'));
    const res = await t.app.request(`/api/events/s3?token=${TOKEN}`, { method: 'POST', body: rgwBody, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
    const wrong = await t.app.request('/api/events/s3?token=nope', { method: 'POST', body: rgwBody });
    expect(wrong.status).toBe(401);
  });

  it('answers 4xx to unauthenticated, malformed, oversized and unknown bodies; logs each; starts nothing', async () => {
    await t.temp.store.graphs.create(watcher('notif-bucket'));
    const record = JSON.parse(rgwBody).Records[0];
    const cases: [string, Record<string, string> | undefined, number, RegExp][] = [
      [rgwBody, {}, 401, /missing "Authorization: Bearer/],
      [rgwBody, { authorization: 'Bearer nope' }, 401, /token is wrong/],
      ['{"Records": [', undefined, 400, /not valid JSON/],
      ['{"Records": {}}', undefined, 400, /Records: must be a list/],
      [JSON.stringify({ Records: [{ ...record, eventSource: 'gcs:storage' }] }), undefined, 400, /unknown event source "gcs:storage"/],
      [JSON.stringify({ Records: [{ ...record, s3: { bucket: {} } }] }), undefined, 400, /Records\.0\.s3/],
      [JSON.stringify({ Records: [record], pad: 'x'.repeat(1024 * 1024) }), undefined, 413, /over the limit of 1048576 bytes/],
    ];
    for (const [body, headers, status, error] of cases) {
      const res = await send(body, headers);
      expect({ body: body.slice(0, 60), status: res.status }).toEqual({ body: body.slice(0, 60), status });
      expect(res.body.error).toMatch(error);
    }
    expect(await runs()).toEqual({});
    const log = (await t.call('GET', '/api/events?status=rejected&limit=100')).body;
    expect(log.total).toBe(cases.length);
    expect(log.items.map((e: { httpStatus: number }) => e.httpStatus)).toEqual(cases.map((c) => c[2]).reverse());
  });

  it('refuses every event while no token is configured', async () => {
    const app = (await import('@hono/zod-openapi')).OpenAPIHono;
    const bare = new app().route('/', eventsRoutes(depsOf(t), { ...triggerConfigFromEnv({}), eventsTokenCredential: 'unset-credential' }));
    const res = await send(rgwBody, { authorization: 'Bearer anything' }, bare);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatch(/no token is configured \(set SLUICE_EVENTS_TOKEN or the credential "unset-credential"\)/);
  });

  it('answers the HEAD check MinIO sends first', async () => {
    expect((await t.app.request('/api/events/s3', { method: 'HEAD' })).status).toBe(200);
  });
});

describe('SNS subscription confirmation', () => {
  let server: Server;
  let hits: string[];
  beforeEach(async () => {
    hits = [];
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('<ConfirmSubscriptionResponse/>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  const confirmation = (url: string) =>
    JSON.stringify({ Type: 'SubscriptionConfirmation', TopicArn: 'arn:t', Message: 'confirm', SubscribeURL: url, Token: 'tok' });

  it('is not fetched unless allowed, and then only from an allowed host', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?Action=ConfirmSubscription&Token=tok`;
    const off = await send(confirmation(url));
    expect(off).toMatchObject({ status: 200, body: { confirmed: false, message: expect.stringMatching(/confirmation is off/) } });

    const { OpenAPIHono } = await import('@hono/zod-openapi');
    const config = { ...triggerConfigFromEnv({ SLUICE_EVENTS_TOKEN: TOKEN }), snsConfirm: true, snsHosts: [/^127\.0\.0\.1$/] };
    const allowed = new OpenAPIHono().route('/', eventsRoutes(depsOf(t), config));
    expect((await send(confirmation('http://169.254.169.254/latest/meta-data/'), undefined, allowed)).body).toMatchObject({
      confirmed: false,
      message: expect.stringMatching(/not an allowed SNS host/),
    });
    expect(hits).toEqual([]);
    expect((await send(confirmation(url), undefined, allowed)).body).toMatchObject({ confirmed: true });
    expect(hits).toEqual(['/?Action=ConfirmSubscription&Token=tok']);
    expect((await t.call('GET', '/api/events?status=ignored')).body.items[0].reason).toMatch(/arn:t: SNS subscription confirmed at 127\.0\.0\.1/);
  });
});
