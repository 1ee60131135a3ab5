import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialEnvName } from '@sluice/sdk';
import { type RunningServer, startServer } from '../../server.ts';
import { type S3Server, S3TestProxy, startS3Server } from '@sluice/testing/s3';
import { bronzeRowsBySource, landedFiles } from '../../../testing/events/bronze-rows.ts';
import { eventIngestGraph, KEY_ID_NAME, SECRET_NAME } from '../../../testing/events/ingest-graph.ts';
import { notifyWebhook } from '../../../testing/events/rgw-notifications.ts';
import { S3Uploader } from '../../../testing/events/s3-uploader.ts';

// End to end with the real Ceph RGW: it POSTs bucket events to the runtime, which lands the files.
const TOKEN = 'rgw-e2e-token';
// SLUICE_API_TOKEN of the server: the test's own API calls send it (RGW sends only the events token).
const API_TOKEN = 'rgw-e2e-api-token-0123456789';
let s3: S3Server;
let uploader: S3Uploader;
let server: RunningServer;
let dataDir: string;
/** In front of the RGW for the graphs that count their S3 requests; listed before the server reads the allowed endpoints. */
let proxy: S3TestProxy;

beforeAll(async () => {
  s3 = await startS3Server();
  process.env[credentialEnvName(KEY_ID_NAME)] = s3.accessKeyId;
  process.env[credentialEnvName(SECRET_NAME)] = s3.secretAccessKey;
  process.env.SLUICE_EVENTS_TOKEN = TOKEN;
  uploader = new S3Uploader(s3);
  proxy = await new S3TestProxy(s3.endpoint).start();
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-rgw-events-'));
  server = await startServer({ dataDir, port: 0, log: () => {}, apiToken: API_TOKEN });
});
afterAll(async () => {
  await server?.close();
  await proxy?.stop();
  uploader?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.SLUICE_EVENTS_TOKEN;
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A bucket whose events go to the runtime, and a graph that watches it (reading through `endpoint`), landing into `table`. */
async function watchedBucket(name: string, table: string, persistent: boolean, endpoint = s3.endpoint) {
  const bucket = await s3.newBucket(name);
  const graph = await api('POST', '/api/graphs', { document: eventIngestGraph({ ...s3, endpoint }, bucket, table) });
  expect(graph.status).toBe(201);
  await notifyWebhook(s3, bucket, `${server.url}/api/events/s3?token=${TOKEN}`, { persistent });
  return { bucket, graphId: graph.body.id as string };
}

describe('bucket events from Ceph RGW', () => {
  it('an uploaded file lands in Bronze with no other action', async () => {
    const { bucket, graphId } = await watchedBucket('evt-one', 'one', false);
    await uploader.put(bucket, 'incoming/report 1.csv', 'id,name\n1,a\n2,b\n');
    // Not a match for the graph: under another prefix.
    await uploader.put(bucket, 'elsewhere/x.csv', 'id\n9\n');

    const table = join(dataDir, 'bronze', 'one');
    const uri = `s3://${bucket}/incoming/report 1.csv`;
    await until(() => bronzeRowsBySource(table).get(uri) === 2, 'the rows of the uploaded file in Bronze', 60_000);
    expect([...bronzeRowsBySource(table)]).toEqual([[uri, 2]]);

    await until(
      async () => (await api('GET', `/api/events?bucket=${bucket}&status=processed`)).body.total === 1,
      'the event to be closed as processed',
      10_000,
    );
    const events = (await api('GET', `/api/events?bucket=${bucket}`)).body.items;
    expect(events).toHaveLength(2);
    expect(events.find((e: { key: string }) => e.key === 'incoming/report 1.csv')).toMatchObject({ source: 'ceph', status: 'processed', runs: [{ graphId }] });
    expect(events.find((e: { key: string }) => e.key === 'elsewhere/x.csv')).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/no graph/) });
  });

  it('lands a file at the version its event named, without a HeadObject; a listing run then skips it as the same version', async () => {
    const { bucket, graphId } = await watchedBucket('evt-facts', 'facts', false, proxy.endpoint);
    proxy.resetCounts();
    await uploader.put(bucket, 'incoming/a.csv', 'id,name\n1,a\n');
    const uri = `s3://${bucket}/incoming/a.csv`;
    const table = join(dataDir, 'bronze', 'facts');
    await until(() => bronzeRowsBySource(table).get(uri) === 1, 'the rows of the uploaded file in Bronze', 60_000);
    expect({ heads: proxy.counts.HeadObject, gets: proxy.counts.GetObject, lists: proxy.counts.ListObjectsV2 }).toEqual({ heads: 0, gets: 1, lists: 0 });

    const manual = await api('POST', `/api/graphs/${graphId}/runs`, {});
    expect(manual.status).toBe(202);
    await until(
      async () => ['succeeded', 'failed'].includes((await api('GET', `/api/runs/${manual.body.runId}`)).body.status),
      'the listing run to end',
      60_000,
    );
    expect((await api('GET', `/api/runs/${manual.body.runId}`)).body).toMatchObject({ status: 'succeeded', files: { processed: 0, skipped: 1, failed: 0 } });
    expect(proxy.counts.GetObject).toBe(1);
  });

  it('a burst of 500 uploads: 500 files landed, none twice, none lost', { timeout: 400_000 }, async () => {
    const { bucket, graphId } = await watchedBucket('evt-burst', 'burst', true);
    const objects = Array.from({ length: 500 }, (_, i): [string, string] => [`incoming/f-${String(i).padStart(4, '0')}.csv`, `id,payload\n${i},p${i}\n`]);
    const t0 = Date.now();
    await uploader.putMany(bucket, objects);

    const table = join(dataDir, 'bronze', 'burst');
    await until(() => landedFiles(server.store, graphId) >= 500, '500 files in the Bronze manifest', 340_000);
    const rows = bronzeRowsBySource(table);
    expect([...rows.keys()].sort()).toEqual(objects.map(([k]) => `s3://${bucket}/${k}`).sort());
    expect([...rows.values()].every((n) => n === 1)).toBe(true);

    // Batched: events that arrived while a run of the graph was busy joined the next run.
    const runs = (await api('GET', `/api/graphs/${graphId}/runs?limit=500`)).body;
    expect(runs.total).toBeLessThan(500);
    console.log(`burst: 500 uploads landed ${Date.now() - t0} ms after the first PUT, in ${runs.total} runs`);
    await until(async () => (await api('GET', `/api/events?bucket=${bucket}&status=processed`)).body.total === 500, 'every event closed as processed', 30_000);
    expect((await api('GET', `/api/events?bucket=${bucket}&status=failed`)).body.total).toBe(0);
  });
});
