import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventLatency, type EventLatency } from '@sluice/runtime/testing';
import { eventIngestGraph, KEY_ID_NAME, SECRET_NAME } from '@sluice/runtime/testing';
import { notifyWebhook } from '@sluice/runtime/testing';
import { S3Uploader } from '@sluice/runtime/testing';
import { startServer } from '../../runtime/src/server.ts';
import type { S3Server } from '@sluice/testing/s3';
import { testSqlRows } from '@sluice/store/testing';
import { triggerConfigFromEnv } from '../../runtime/src/triggers/trigger-config.ts';

const LANDED_WITHIN_MS = 600_000;

export interface EventLatencyOptions {
  /** Uploads one by one, each to an idle graph. */
  sparse: number;
  /** Uploads in the burst. */
  burst: number;
  /** PUTs in flight during the burst. */
  concurrency: number;
  /** The runtime's per-graph run concurrency. */
  perGraph: number;
  log(line: string): void;
}

export interface EventLatencyResult {
  options: Omit<EventLatencyOptions, 'log'>;
  sparse: EventLatency;
  burst: EventLatency;
  /** From the first upload of the burst to the last upload's answer. */
  burstUploadMs: number;
  /** From the first upload of the burst until every burst file had landed. */
  burstLandedMs: number;
}

/**
 * W5: bucket event latency. Ceph RGW POSTs object-created events to a Sluice runtime (started in
 * this process, its own data folder) whose graph source-s3 -> checkpoint -> parse-csv ->
 * bronze-sink is started by them. From the runtime's store: event received -> (a) its run running
 * (0 for an event fed to a run already going), (b) its file picked up by a run (the run's start,
 * or the moment the running run's source took the fed key), (c) rows landed in Bronze; first for
 * uploads one by one (each meets an idle graph), then for a burst of uploads.
 */
export async function runEventLatency(s3: S3Server, opts: EventLatencyOptions): Promise<EventLatencyResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sluice-w5-'));
  const uploader = new S3Uploader(s3);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  // The token RGW's webhook presents: SLUICE_EVENTS_TOKEN when set, else one stored under the
  // credential name the runtime reads it from.
  const triggers = triggerConfigFromEnv();
  const token = triggers.eventsToken ?? 'w5-bench-token';
  // The API's own admin token (SLUICE_API_TOKEN of a served runtime) for the graph it creates.
  const apiToken = randomBytes(24).toString('base64url');
  try {
    server = await startServer({
      dataDir,
      port: 0,
      log: () => {},
      concurrency: { global: 2, perGraph: opts.perGraph },
      apiToken,
      // The credentials the graph names, and the token RGW's webhook presents, as a user stores them.
      prepare: async (store) => {
        await store.credentials.put(KEY_ID_NAME, s3.accessKeyId);
        await store.credentials.put(SECRET_NAME, s3.secretAccessKey);
        await store.credentials.put(triggers.eventsTokenCredential, token);
      },
    });
    const bucket = await s3.newBucket('w5');
    const created = await fetch(`${server.url}/api/graphs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` },
      body: JSON.stringify({ document: eventIngestGraph(s3, bucket, 'w5') }),
    });
    if (created.status !== 201) throw new Error(`W5: the graph was not created: ${created.status} ${await created.text()}`);
    const graphId = ((await created.json()) as { id: string }).id;
    // Non-persistent topic: RGW sends the event during the PUT, so "received" follows the upload at once.
    await notifyWebhook(s3, bucket, `${server.url}/api/events/s3?token=${encodeURIComponent(token)}`, { persistent: false });
    // Test-only reads of the store's tables (what the bench observes, not what the product asks).
    const store = server.store;
    const landed = () => testSqlRows<{ n: number }>(store, 'select count(distinct source_key) as n from bronze_parts where graph_id = ?', graphId)[0]!.n;
    const lastEvent = () => testSqlRows<{ id: number }>(store, 'select coalesce(max(id), 0) as id from bucket_events')[0]!.id;
    const busy = () =>
      testSqlRows<{ n: number }>(store, "select count(*) as n from runs where graph_id = ? and status in ('queued', 'running')", graphId)[0]!.n > 0;
    const csv = (i: number) => `id,payload\n${i},p${i}\n`;
    const waitLanded = async (n: number) => {
      const end = Date.now() + LANDED_WITHIN_MS;
      while (landed() < n) {
        if (Date.now() > end) throw new Error(`W5: only ${landed()} of ${n} files landed within ${LANDED_WITHIN_MS / 1000} s`);
        await sleep(50);
      }
    };
    // Pickup times of fed keys are written when their run ends, just after its last file landed.
    const waitIdle = async () => {
      while (busy()) await sleep(10);
    };

    // One by one: each event meets an idle graph (the previous run has ended, not only landed).
    opts.log(`W5: ${opts.sparse} uploads one by one`);
    const sparseFrom = lastEvent();
    for (let i = 0; i < opts.sparse; i++) {
      const before = landed();
      await uploader.put(bucket, `incoming/sparse-${i}.csv`, csv(i));
      await waitLanded(before + 1);
      await waitIdle();
    }
    const sparse = eventLatency(store, graphId, sparseFrom);

    // A burst: uploads as fast as `concurrency` clients go; events are fed to the running run (or
    // join the run waiting in the queue when it no longer takes keys).
    opts.log(`W5: a burst of ${opts.burst} uploads, ${opts.concurrency} at a time`);
    const burstFrom = lastEvent();
    const objects = Array.from({ length: opts.burst }, (_, i): [string, string] => [`incoming/burst-${String(i).padStart(5, '0')}.csv`, csv(i)]);
    const t0 = Date.now();
    await uploader.putMany(bucket, objects, opts.concurrency);
    const burstUploadMs = Date.now() - t0;
    await waitLanded(opts.sparse + opts.burst);
    const burstLandedMs = Date.now() - t0;
    await waitIdle();
    const burst = eventLatency(store, graphId, burstFrom);
    const { log: _, ...options } = opts;
    return { options, sparse, burst, burstUploadMs, burstLandedMs };
  } finally {
    uploader.destroy();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
