import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnyNodePlugin, definePlugin, type GraphDocument } from '@sluice/sdk';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PluginRegistry } from '@sluice/engine';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { chainGraph } from '@sluice/engine/testing';
import { installedPlugins } from '../../plugins/installed-plugins.ts';
import { type JobMember, startJobMember } from '../../../testing/cluster/job-member.ts';
import { until } from '../../../testing/cluster/until.ts';
import { TriggerIndex } from '../trigger-index.ts';
import { BucketEventIntake, S3_EVENT_TRIGGER } from './bucket-event-intake.ts';
import { BucketEventLog } from './bucket-event-log.ts';
import type { ObjectEvent } from './object-event.ts';
import { runKeyFacts } from './run-key-facts.ts';

// Bucket events taken by a `sluice serve --workers 0` (a process that executes no run) for a run a
// worker process executes: the keys reach the running run through the store (SharedKeyFeed), as
// they reach a run of the same process. Each "process" is a store, a job queue and a run service
// of its own on one PostgreSQL database.

/** Files held in flight until the test lets them go: the run keeps its key feed open meanwhile. */
let released = false;
/** The keys each run's source took from its feed, as the worker reported them at the run's end. */
const taken = new Map<string, string[]>();
const hold = definePlugin({
  type: 't-hold',
  version: 1,
  category: 'parse',
  title: 'Hold',
  description: 'Holds each file until released',
  config: z.strictObject({}),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: {},
  async run(_config, _input, ctx) {
    while (!released && !ctx.signal.aborted) await new Promise((r) => setTimeout(r, 10));
  },
});

let registry: PluginRegistry;
beforeAll(async () => {
  const installed = await installedPlugins();
  // A folder source that watches bucket "landing": what source-s3 does, without an S3 server (the
  // W5 benchmark runs the real one, events posted by Ceph RGW, with two worker processes).
  const local = installed.get('source-local') as AnyNodePlugin;
  const watching: AnyNodePlugin = { ...local, type: 't-local-watching', bucketEvents: { watch: () => ({ bucket: 'landing', prefix: '', takes: () => true }) } };
  registry = installed.extend([hold, watching]);
});

const open: { members: JobMember[]; db?: TestPgDatabase; dirs: string[] } = { members: [], dirs: [] };
afterEach(async () => {
  released = true;
  for (const m of open.members.splice(0)) await m.stop();
  await open.db?.drop();
  open.db = undefined;
  for (const d of open.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  released = false;
  taken.clear();
});

/** A process of the store; `global: 0` executes nothing (`serve --workers 0`). */
async function member(db: TestPgDatabase, global: number, input: string): Promise<JobMember> {
  const m = await startJobMember(db.url, {
    registry,
    inputRoots: [input],
    concurrency: { global, perGraph: 1 },
    keysPollMs: 20,
    onKeysTaken: (runId, takenAt) => {
      taken.set(runId, [...takenAt.keys()]);
      return m.store.bucketEvents.markPicked(runId, takenAt);
    },
    keyFactsOf: async (runId, keys) => runKeyFacts(await m.store.bucketEvents.versionsOfRun(runId, keys)),
    joinQueued: { kind: S3_EVENT_TRIGGER, maxKeys: 5 },
  });
  open.dirs.push(m.dir);
  open.members.push(m);
  return m;
}

let n = 0;
const created = (key: string): ObjectEvent => ({
  source: 'ceph',
  eventName: 'ObjectCreated:Put',
  bucket: 'landing',
  key,
  etag: `etag-${key}`,
  sequencer: `0${n++}`,
});
const req = () => ({ requestId: `req-${n++}`, receivedAt: new Date() });

async function cluster(workers = 1) {
  open.db = await createTestPgDatabase();
  const input = mkdtempSync(join(tmpdir(), 'sluice-shared-feed-input-'));
  open.dirs.push(input);
  mkdirSync(join(input, 'in'));
  const write = (name: string) => writeFileSync(join(input, 'in', name), `${name}\n`);
  const serve = await member(open.db, 0, input);
  const worker = workers ? await member(open.db, workers, input) : undefined;
  const doc: GraphDocument = {
    ...chainGraph('Landing', [
      { id: 'src', type: 't-local-watching', config: { folder: join(input, 'in'), patterns: ['*.txt'] } },
      { id: 'hold', type: 't-hold' },
    ]),
    settings: { triggers: { bucketEvents: { enabled: true } } },
  };
  const graph = await serve.store.graphs.create(doc);
  const intake = new BucketEventIntake(serve.store, new TriggerIndex(serve.store.graphs, registry), serve.runs, 5);
  return { serve, worker, graph, intake, write, input };
}

describe('bucket events for a run executing in another process (PostgreSQL with workers)', () => {
  it('feeds keys to the running run through the store: one run takes them all, each once, and tells when each was taken', async () => {
    const { serve, worker, graph, intake, write } = await cluster();
    if (!worker) throw new Error('no worker');
    for (const f of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) write(f);
    const first = await intake.take([created('a.txt')], req(), 202);
    expect(first.runsQueued).toBe(1);
    const runId = first.events[0]!.runs[0]!.runId;
    // The worker claims it and opens its feed in the store; a.txt is held in flight.
    await until(() => serve.store.runs.keys.openKeysRunOf(graph.id, 5), 'the run to open its key feed', 30_000);
    expect(worker.runs.isActive(runId)).toBe(true);
    const fed = await intake.take([created('b.txt'), created('c.txt')], req(), 202);
    expect(fed.runsQueued).toBe(0);
    expect(fed.events.map((e) => e.runs)).toEqual([[{ graphId: graph.id, runId }], [{ graphId: graph.id, runId }]]);
    const alone = await intake.take([created('d.txt')], req(), 202);
    expect(alone.events[0]!.runs).toEqual([{ graphId: graph.id, runId }]);
    // Every fed key reaches the run's source while a.txt is still held.
    await until(async () => ((await serve.store.runs.get(runId))?.nodes?.src?.filesOut ?? 0) >= 4, 'the source to take the fed keys', 15_000);
    released = true;
    await worker.runs.settled(runId);
    const run = (await serve.store.runs.get(runId))!;
    expect(run.errors).toEqual([]);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1, keysOpen: false, files: { processed: 4, failed: 0 } });
    expect(run.triggerParams.keys).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
    expect(await serve.store.runs.countByStatus()).toEqual({ succeeded: 1 });
    const log = new BucketEventLog(serve.store);
    for (const e of [...fed.events, ...alone.events]) expect((await log.get(e.id))!.runs).toEqual([{ graphId: graph.id, runId }]);
    expect(taken.get(runId)).toEqual(['b.txt', 'c.txt', 'd.txt']);
  });

  it('queues a key that arrives once the run closed its feed for a run of its own, which the worker then lands', async () => {
    const { serve, worker, graph, intake, write } = await cluster();
    if (!worker) throw new Error('no worker');
    for (const f of ['a.txt', 'late.txt']) write(f);
    released = true;
    const first = await intake.take([created('a.txt')], req(), 202);
    const runId = first.events[0]!.runs[0]!.runId;
    await until(async () => (await serve.store.runs.get(runId))?.status === 'succeeded' && true, 'the first run to end', 30_000);
    expect(await serve.store.runs.keys.openKeysRunOf(graph.id, 5)).toBeUndefined();
    const late = await intake.take([created('late.txt')], req(), 202);
    expect(late.runsQueued).toBe(1);
    const lateRun = late.events[0]!.runs[0]!.runId;
    expect(lateRun).not.toBe(runId);
    await until(async () => (await serve.store.runs.get(lateRun))?.status === 'succeeded' && true, 'the late run to end', 30_000);
    await worker.runs.settled(lateRun);
    expect((await serve.store.runs.get(runId))!.triggerParams.keys).toEqual(['a.txt']);
    expect((await serve.store.runs.get(lateRun))!).toMatchObject({ triggerParams: { keys: ['late.txt'] }, files: { processed: 1 } });
  });

  it('keeps the keys fed to a run whose worker stopped: the next worker takes the run over with every key', async () => {
    const { serve, worker, graph, intake, write, input } = await cluster();
    if (!worker) throw new Error('no worker');
    for (const f of ['a.txt', 'b.txt']) write(f);
    const runId = (await intake.take([created('a.txt')], req(), 202)).events[0]!.runs[0]!.runId;
    await until(() => serve.store.runs.keys.openKeysRunOf(graph.id, 5), 'the run to open its key feed', 30_000);
    await intake.take([created('b.txt')], req(), 202);
    // The worker stops with both held: the run goes back to the queue, its feed closed with it.
    await worker.stop();
    expect(await serve.store.runs.get(runId)).toMatchObject({ status: 'queued', keysOpen: false, triggerParams: { keys: ['a.txt', 'b.txt'] } });
    released = true;
    const next = await member(open.db!, 1, input);
    await until(async () => (await serve.store.runs.get(runId))?.status === 'succeeded' && true, 'the run to end on the next worker', 30_000);
    await next.runs.settled(runId);
    expect(await serve.store.runs.get(runId)).toMatchObject({ attempts: 2, files: { processed: 2, failed: 0 } });
  });

  it('joins the keys of runs queued between its claim and the open of its feed, with their events, and the joined runs are gone', async () => {
    const { serve, graph, intake, write, input } = await cluster(0);
    for (const f of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) write(f);
    released = true;
    const runId = (await intake.take([created('a.txt')], req(), 202)).events[0]!.runs[0]!.runId;
    // Claimed, its feed not open yet (a worker between its claim and the run's start): events queue another run.
    expect(await serve.store.runs.claimForJob(runId, 1, () => 1)).toMatchObject({ run: { attempts: 1 } });
    const queued = await intake.take([created('b.txt'), created('c.txt')], req(), 202);
    expect(queued.runsQueued).toBe(1);
    const queuedRun = queued.events[0]!.runs[0]!.runId;
    expect(queuedRun).not.toBe(runId);
    // A manual run with keys of the same graph is not bucket events' to join.
    const manual = (await serve.runs.enqueue(graph.id, { kind: 'manual', params: { keys: ['d.txt'] } })).run.id;
    // The worker takes the run over (its first holder is gone) and opens its feed: the queued keys join it.
    const worker = await member(open.db!, 2, input);
    await until(async () => (await serve.store.runs.get(runId))?.status === 'succeeded' && true, 'the run to end', 30_000);
    await worker.runs.settled(runId);
    const run = (await serve.store.runs.get(runId))!;
    expect(run).toMatchObject({ attempts: 2, files: { processed: 3, failed: 0 }, triggerParams: { keys: ['a.txt', 'b.txt', 'c.txt'] } });
    expect(await serve.store.runs.get(queuedRun)).toBeUndefined();
    const log = new BucketEventLog(serve.store);
    for (const e of queued.events) expect((await log.get(e.id))!.runs).toEqual([{ graphId: graph.id, runId }]);
    await until(async () => (await serve.store.runs.get(manual))?.status === 'succeeded' && true, 'the manual run to end', 30_000);
    expect(await serve.store.runs.countByStatus()).toEqual({ succeeded: 2 });
  });
});
