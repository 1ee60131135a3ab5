import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventLatency, type EventLatency } from '@sluice/runtime/testing';
import { eventIngestGraph, KEY_ID_NAME, SECRET_NAME } from '@sluice/runtime/testing';
import { notifyWebhook } from '@sluice/runtime/testing';
import { S3Uploader } from '@sluice/runtime/testing';
import { startServer } from '../../runtime/src/server.ts';
import type { S3Server } from '@sluice/testing/s3';
import { testSql, testSqlRowsAsync } from '@sluice/store/testing';
import { benchPostgresStore } from './engines/postgres-store.ts';
import { startWorkerProcesses, type WorkerProcesses } from './engines/worker-processes.ts';
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
  /**
   * `sluice worker` processes executing the runs, on a PostgreSQL store: the server only takes the
   * events and queues their runs (`--workers 0`). None: the server runs them itself, on SQLite.
   */
  workers?: number;
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
 * this process, its own data folder; with `workers`, on a fresh PostgreSQL store whose `sluice
 * worker` processes run what it queues) whose graph source-s3 -> checkpoint -> parse-csv ->
 * bronze-sink is started by them. From the runtime's store: event received -> (a) its run running
 * (0 for an event fed to a run already going), (b) its file picked up by a run (the run's start,
 * or the moment the running run's source took the fed key), (c) rows landed in Bronze; first for
 * uploads one by one (each meets an idle graph), then for a burst of uploads.
 */
export async function runEventLatency(s3: S3Server, opts: EventLatencyOptions): Promise<EventLatencyResult> {
  const base = await mkdtemp(join(tmpdir(), 'sluice-w5-'));
  const dataDir = join(base, 'serve');
  // With workers: every process writes the one Bronze folder (a deployment's shared mount), not its own data folder's.
  const bronze = join(base, 'bronze');
  const pg = opts.workers ? await benchPostgresStore({ ...process.env, SLUICE_OUTPUT_ROOTS: bronze }) : undefined;
  const env = pg?.env ?? process.env;
  const uploader = new S3Uploader(s3);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let workers: WorkerProcesses | undefined;
  // The token RGW's webhook presents: SLUICE_EVENTS_TOKEN when set, else one stored under the
  // credential name the runtime reads it from.
  const triggers = triggerConfigFromEnv();
  const token = triggers.eventsToken ?? 'w5-bench-token';
  // The API's own admin token (SLUICE_API_TOKEN of a served runtime) for the graph it creates.
  const apiToken = randomBytes(24).toString('base64url');
  try {
    await mkdir(bronze, { recursive: true });
    server = await startServer({
      dataDir,
      port: 0,
      log: () => {},
      concurrency: { global: opts.workers ? 0 : 2, perGraph: opts.perGraph },
      env,
      apiToken,
      // The credentials the graph names, and the token RGW's webhook presents, as a user stores them.
      prepare: async (store) => {
        await store.credentials.put(KEY_ID_NAME, s3.accessKeyId);
        await store.credentials.put(SECRET_NAME, s3.secretAccessKey);
        await store.credentials.put(triggers.eventsTokenCredential, token);
      },
    });
    if (opts.workers) workers = await startWorkerProcesses(opts.workers, env, join(base, 'workers'));
    const bucket = await s3.newBucket('w5');
    const graph = eventIngestGraph(s3, bucket, 'w5');
    if (opts.workers) graph.nodes.sink!.config = { ...graph.nodes.sink!.config, root: bronze };
    const created = await fetch(`${server.url}/api/graphs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` },
      body: JSON.stringify({ document: graph }),
    });
    if (created.status !== 201) throw new Error(`W5: the graph was not created: ${created.status} ${await created.text()}`);
    const graphId = ((await created.json()) as { id: string }).id;
    // Non-persistent topic: RGW sends the event during the PUT, so "received" follows the upload at once.
    await notifyWebhook(s3, bucket, `${server.url}/api/events/s3?token=${encodeURIComponent(token)}`, { persistent: false });
    // Test-only reads of the store's tables (what the bench observes, not what the product asks).
    const store = server.store;
    // Counts and ids come as strings from PostgreSQL.
    const one = async (query: ReturnType<typeof testSql>) => Number(Object.values((await testSqlRowsAsync<Record<string, unknown>>(store, query))[0]!)[0]);
    const landed = () => one(testSql`select count(distinct source_key) as n from bronze_parts where graph_id = ${graphId}`);
    const lastEvent = () => one(testSql`select coalesce(max(id), 0) as id from bucket_events`);
    const busy = async () => (await one(testSql`select count(*) as n from runs where graph_id = ${graphId} and status in ('queued', 'running')`)) > 0;
    const csv = (i: number) => `id,payload\n${i},p${i}\n`;
    const waitLanded = async (n: number) => {
      const end = Date.now() + LANDED_WITHIN_MS;
      while ((await landed()) < n) {
        if (Date.now() > end) throw new Error(`W5: only ${await landed()} of ${n} files landed within ${LANDED_WITHIN_MS / 1000} s`);
        await sleep(50);
      }
    };
    // Pickup times of fed keys are written when their run ends, just after its last file landed.
    const waitIdle = async () => {
      while (await busy()) await sleep(10);
    };

    // One by one: each event meets an idle graph (the previous run has ended, not only landed).
    opts.log(`W5: ${opts.sparse} uploads one by one`);
    const sparseFrom = await lastEvent();
    for (let i = 0; i < opts.sparse; i++) {
      const before = await landed();
      await uploader.put(bucket, `incoming/sparse-${i}.csv`, csv(i));
      await waitLanded(before + 1);
      await waitIdle();
    }
    const sparse = await eventLatency(store, graphId, sparseFrom);

    // A burst: uploads as fast as `concurrency` clients go; events are fed to the running run (or
    // join the run waiting in the queue when it no longer takes keys).
    opts.log(`W5: a burst of ${opts.burst} uploads, ${opts.concurrency} at a time`);
    const burstFrom = await lastEvent();
    const objects = Array.from({ length: opts.burst }, (_, i): [string, string] => [`incoming/burst-${String(i).padStart(5, '0')}.csv`, csv(i)]);
    const t0 = Date.now();
    await uploader.putMany(bucket, objects, opts.concurrency);
    const burstUploadMs = Date.now() - t0;
    await waitLanded(opts.sparse + opts.burst);
    const burstLandedMs = Date.now() - t0;
    await waitIdle();
    const burst = await eventLatency(store, graphId, burstFrom);
    const { log: _, ...options } = opts;
    return { options, sparse, burst, burstUploadMs, burstLandedMs };
  } finally {
    uploader.destroy();
    await workers?.stop();
    await server?.close();
    await pg?.db.drop();
    await rm(base, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
