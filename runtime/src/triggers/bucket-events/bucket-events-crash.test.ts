import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialEnvName } from '@sluice/sdk';
import { openTestSqlReader } from '@sluice/store/testing';
import { startS3Server } from '@sluice/testing/s3';
import { AcknowledgingProxy } from '../../../testing/events/acknowledging-proxy.ts';
import { bronzeRowsBySource } from '../../../testing/events/bronze-rows.ts';
import { eventIngestGraph, KEY_ID_NAME, SECRET_NAME } from '../../../testing/events/ingest-graph.ts';
import { notifyWebhook } from '../../../testing/events/rgw-notifications.ts';
import { RuntimeProcess } from '../../../testing/events/runtime-process.ts';
import { S3Uploader } from '../../../testing/events/s3-uploader.ts';

const TOKEN = 'crash-test-token';
// SLUICE_API_TOKEN of the runtime: the test's own API calls send it.
const API_TOKEN = 'crash-test-api-token-0123456789';
const FILES = 200;
const MIN_KILLS = 4;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('bucket events across SIGKILL', () => {
  it('every event the runtime answered 2xx has its file in Bronze exactly once after restarts', { timeout: 900_000 }, async () => {
    const s3 = await startS3Server();
    const bucket = await s3.newBucket('crash');
    const uploader = new S3Uploader(s3);
    cleanups.push(() => uploader.destroy());
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-crash-events-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const runtime = new RuntimeProcess({
      port: await freePort(),
      dataDir,
      env: {
        SLUICE_EVENTS_TOKEN: TOKEN,
        SLUICE_API_TOKEN: API_TOKEN,
        [credentialEnvName(KEY_ID_NAME)]: s3.accessKeyId,
        [credentialEnvName(SECRET_NAME)]: s3.secretAccessKey,
        // The test S3 server is on 127.0.0.1: listed, as an operator lists a private store.
        SLUICE_ALLOWED_ENDPOINTS: process.env.SLUICE_ALLOWED_ENDPOINTS,
      },
      logFile: join(dataDir, 'runtime.log'),
    });
    cleanups.push(() => runtime.stop());
    await runtime.start();
    const created = await fetch(`${runtime.url}/api/graphs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
      body: JSON.stringify({ document: eventIngestGraph(s3, bucket, 'crash') }),
    });
    expect(created.status).toBe(201);
    const graphId = ((await created.json()) as { id: string }).id;

    // The store queues and retries events (persistent topic) through a proxy that notes every 2xx.
    const proxy = new AcknowledgingProxy(Number(new URL(runtime.url).port));
    cleanups.push(() => proxy.stop());
    const proxyUrl = await proxy.start();
    await notifyWebhook(s3, bucket, `${proxyUrl}/api/events/s3?token=${TOKEN}`, { persistent: true });

    const keys = Array.from({ length: FILES }, (_, i) => `incoming/c-${String(i).padStart(4, '0')}.csv`);
    // RGW's persistent queue sends in bursts; a second sender posts each object's event at once and
    // retries until it gets a 2xx, as a store does, so that kills land while events arrive.
    const hook = `${proxyUrl}/api/events/s3?token=${TOKEN}`;
    let uploaded = 0;
    const uploads = (async () => {
      const sending: Promise<void>[] = [];
      for (const key of keys) {
        const etag = await uploader.put(bucket, key, `id,key\n${uploaded},${key}\n`);
        uploaded++;
        sending.push(deliverUntilAcknowledged(hook, rgwEvent(bucket, key, etag)));
      }
      await Promise.all(sending);
    })();
    let done = false;
    void uploads.finally(() => (done = true));

    // Kill at random moments while events arrive (and runs land files), restart, again.
    let kills = 0;
    while (!done || kills < MIN_KILLS) {
      await sleep(700 + Math.random() * 2300);
      await runtime.kill();
      kills++;
      await sleep(Math.random() * 800);
      await runtime.start();
    }
    await uploads;

    // A test-only read-only look at the manifest of the store the killed runtime keeps open.
    const db = openTestSqlReader(dataDir);
    cleanups.push(() => db.close());
    const landed = () =>
      new Set(db.rows<{ k: string }>('select distinct source_key as k from bronze_parts where graph_id = ?', graphId).map((r) => `${bucket}/${r.k}`));
    await until(() => [...proxy.acknowledged].every((k) => landed().has(k)), "every acknowledged event's file in the manifest", 240_000);
    // The store re-sends what was not acknowledged, so in the end every upload lands.
    await until(() => landed().size === FILES, `all ${FILES} files in the manifest`, 240_000);

    const rows = bronzeRowsBySource(join(dataDir, 'bronze', 'crash'));
    const twice = [...rows].filter(([, n]) => n !== 1);
    console.log(
      `crash test: ${kills} SIGKILLs, ${runtime.starts} starts, ${proxy.acknowledged.size} events acknowledged, answers ${JSON.stringify(Object.fromEntries(proxy.answers))}, ${rows.size} files in Bronze`,
    );
    expect(twice).toEqual([]);
    for (const k of proxy.acknowledged) expect(rows.get(`s3://${k}`), k).toBe(1);
    expect(rows.size).toBe(FILES);
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
  });
});

/** An object-created body as Ceph RGW sends it. */
function rgwEvent(bucket: string, key: string, etag: string): string {
  const record = {
    eventVersion: '2.2',
    eventSource: 'ceph:s3',
    eventName: 'ObjectCreated:Put',
    eventTime: new Date().toISOString(),
    s3: { bucket: { name: bucket }, object: { key, size: 0, eTag: etag.replace(/"/g, ''), versionId: '', sequencer: 'direct' } },
  };
  return JSON.stringify({ Records: [record] });
}

/** At-least-once delivery: POST until a 2xx, as object stores do. */
async function deliverUntilAcknowledged(url: string, body: string): Promise<void> {
  for (;;) {
    const status = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } }).then(
      (r) => r.status,
      () => 0,
    );
    if (status >= 200 && status < 300) return;
    await sleep(500 + Math.random() * 500);
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function until(check: () => boolean, what: string, ms: number) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(250);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
