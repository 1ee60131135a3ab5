// W5: bucket event latency. Ceph RGW POSTs object-created events to a running Sluice runtime whose
// graph (source-s3 -> checkpoint -> parse-csv -> bronze-sink) is started by them; prints, from the
// runtime's store, p50/p99/max of event received -> (a) its run running (the old "started": 0 for
// an event fed to a run already going), (b) its file picked up by a run (the run's start, or the
// moment the running run's source took the fed key: the honest "started"), (c) rows landed in
// Bronze: first for events that arrive one by one (an idle graph), then for a burst of uploads.
//
//   tsx bench/src/w5-event-latency.ts [--files 500] [--sparse 30] [--per-graph 1] [--concurrency 16]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eventLatency, type EventLatency } from '../../runtime/src/events/testing/event-latency.ts';
import { eventIngestGraph, KEY_ID_NAME, SECRET_NAME } from '../../runtime/src/events/testing/ingest-graph.ts';
import { notifyWebhook } from '../../runtime/src/events/testing/rgw-notifications.ts';
import { S3Uploader } from '../../runtime/src/events/testing/s3-uploader.ts';
import { startServer } from '../../runtime/src/server.ts';
import { startS3Server } from '../../runtime/src/testing/s3-server.ts';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '500' },
    sparse: { type: 'string', default: '30' },
    'per-graph': { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
  },
});
const FILES = Number(args.files);
const SPARSE = Number(args.sparse);
const TOKEN = 'w5-bench-token';

const s3 = await startS3Server({ shared: false });
const dataDir = mkdtempSync(join(tmpdir(), 'sluice-w5-'));
process.env[KEY_ID_NAME] = s3.accessKeyId;
process.env[SECRET_NAME] = s3.secretAccessKey;
process.env.SLUICE_EVENTS_TOKEN = TOKEN;
const server = await startServer({ dataDir, port: 0, log: () => {}, concurrency: { global: 2, perGraph: Number(args['per-graph']) } });
const uploader = new S3Uploader(s3);

try {
  const bucket = await s3.newBucket('w5');
  const created = await fetch(`${server.url}/api/graphs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: eventIngestGraph(s3, bucket, 'w5') }) });
  if (created.status !== 201) throw new Error(`graph not created: ${created.status} ${await created.text()}`);
  const graphId = ((await created.json()) as { id: string }).id;
  // Non-persistent topic: RGW sends the event during the PUT, so "received" follows the upload at once.
  await notifyWebhook(s3, bucket, `${server.url}/api/events/s3?token=${TOKEN}`, { persistent: false });
  const db = server.store.client.sqlite;
  const landed = () => (db.prepare('select count(distinct source_key) as n from bronze_parts where graph_id = ?').get(graphId) as { n: number }).n;
  const lastEvent = () => (db.prepare('select coalesce(max(id), 0) as id from bucket_events').get() as { id: number }).id;
  const put = (key: string, i: number) => uploader.put(bucket, key, `id,payload\n${i},p${i}\n`);
  const waitLanded = async (n: number) => {
    const end = Date.now() + 600_000;
    while (landed() < n) {
      if (Date.now() > end) throw new Error(`only ${landed()} of ${n} files landed within 600 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const busy = () => (db.prepare("select count(*) as n from runs where graph_id = ? and status in ('queued', 'running')").get(graphId) as { n: number }).n > 0;

  // One by one: each event meets an idle graph (the previous run has ended, not only landed).
  const sparseFrom = lastEvent();
  for (let i = 0; i < SPARSE; i++) {
    const before = landed();
    await put(`incoming/sparse-${i}.csv`, i);
    await waitLanded(before + 1);
    while (busy()) await new Promise((r) => setTimeout(r, 10));
  }
  const sparse = eventLatency(db, graphId, sparseFrom);

  // A burst: uploads as fast as `concurrency` clients go; events are fed to the running run (or
  // join the run waiting in the queue when it no longer takes keys).
  const burstFrom = lastEvent();
  const t0 = Date.now();
  const objects = Array.from({ length: FILES }, (_, i): [string, string] => [`incoming/burst-${String(i).padStart(5, '0')}.csv`, `id,payload\n${i},p${i}\n`]);
  await uploader.putMany(bucket, objects, Number(args.concurrency));
  const uploadedMs = Date.now() - t0;
  await waitLanded(SPARSE + FILES);
  const burstMs = Date.now() - t0;
  // Pickup times of fed keys are written when their run ends, just after its last file landed.
  while (busy()) await new Promise((r) => setTimeout(r, 10));
  const burst = eventLatency(db, graphId, burstFrom);

  const ms = (p: { p50: number; p99: number; max: number }) => `${p.p50} | ${p.p99} | ${p.max}`;
  const row = (name: string, l: EventLatency) =>
    `| ${name} | ${l.toRunStarted.count} | ${l.runs} | ${l.fed} | ${ms(l.toRunStarted)} | ${ms(l.toPickedUp)} | ${ms(l.toRowsLanded)} |`;
  console.log(`W5 bucket event latency (ms), Ceph RGW -> POST /api/events/s3 -> run -> Bronze; per-graph concurrency ${args['per-graph']}`);
  console.log('run running: the run taking the event is running (old "started"; 0 when fed to a run already going)');
  console.log('picked up: the file is taken by a run (its start, or when its source took the fed key)');
  console.log('| case | events | runs | fed to a running run | run running p50 | p99 | max | picked up p50 | p99 | max | landed p50 | p99 | max |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(row(`one by one (${SPARSE})`, sparse));
  console.log(row(`burst (${FILES} uploads, ${args.concurrency} clients)`, burst));
  console.log(`burst: uploads took ${uploadedMs} ms; every file landed ${burstMs} ms after the first upload (${Math.round((FILES / burstMs) * 1000)} files/s)`);
} finally {
  uploader.destroy();
  await server.close();
  await s3.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
