import type { GraphDocument } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '@sluice/engine';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import type { RunQueue } from '../run-queue.ts';
import { TriggerIndex } from '../trigger-index.ts';
import { installedPlugins } from '../../plugins/installed-plugins.ts';

/** The built-in plugins: which sources watch buckets is theirs to say. */
const plugins = await installedPlugins();
import { BucketEventIntake } from './bucket-event-intake.ts';
import { BucketEventLog } from './bucket-event-log.ts';
import { closeFinishedEvents } from './close-finished-events.ts';
import type { ObjectEvent } from './object-event.ts';

let temp: TempStore;
let intake: BucketEventIntake;
let log: BucketEventLog;

/** The store's own queue, without a worker: runs stay queued until a test claims them. */
const queueOf = (t: TempStore): RunQueue => ({
  enqueue: (graphId, trigger) => t.store.runs.enqueue({ graphId, trigger: { kind: trigger.kind, params: trigger.params } }),
});

function s3Graph(bucket: string, opts: { prefix?: string; patterns?: string[]; events?: boolean } = {}): GraphDocument {
  return {
    format: 'sluice-graph',
    version: 1,
    name: `watch ${bucket}`,
    settings: { triggers: { bucketEvents: { enabled: opts.events ?? true } } },
    nodes: {
      src: {
        type: 'source-s3',
        typeVersion: 1,
        position: { x: 0, y: 0 },
        config: { bucket, ...(opts.prefix !== undefined ? { prefix: opts.prefix } : {}), ...(opts.patterns ? { patterns: opts.patterns } : {}) },
      },
    },
    edges: [],
  };
}

const created = (bucket: string, key: string, sequencer = '01', eventName = 'ObjectCreated:Put'): ObjectEvent => ({
  source: 'ceph',
  eventName,
  bucket,
  key,
  etag: `etag-${key}`,
  sequencer,
});
let n = 0;
const req = () => ({ requestId: `req-${n++}`, receivedAt: new Date() });

beforeEach(async () => {
  temp = await openTestStore('sluice-intake-');
  intake = new BucketEventIntake(temp.store, new TriggerIndex(temp.store.graphs, plugins), queueOf(temp), 3);
  log = new BucketEventLog(temp.store);
});
afterEach(() => temp.dispose());

const runOf = async (id: string) => (await temp.store.runs.get(id))!;

describe('BucketEventIntake', () => {
  it('queues a run for exactly the object, and batches events into the run while it waits', async () => {
    const g = await temp.store.graphs.create(s3Graph('landing', { prefix: 'in/', patterns: ['*.csv'] }));
    const first = await intake.take([created('landing', 'in/a.csv')], req(), 202);
    expect(first.runsQueued).toBe(1);
    const runId = first.events[0]!.runs[0]!.runId;
    expect(await runOf(runId)).toMatchObject({ graphId: g.id, status: 'queued', triggerKind: 's3-event', triggerParams: { keys: ['in/a.csv'] } });

    const second = await intake.take([created('landing', 'in/b.csv'), created('landing', 'in/sub/c.csv')], req(), 202);
    expect(second.runsQueued).toBe(0);
    expect(second.events.map((e) => e.runs[0]!.runId)).toEqual([runId, runId]);
    expect((await runOf(runId)).triggerParams).toEqual({ keys: ['in/a.csv', 'in/b.csv', 'in/sub/c.csv'] });

    // The batch is full (3 keys here): the next event gets a run of its own.
    const third = await intake.take([created('landing', 'in/d.csv')], req(), 202);
    expect(third.runsQueued).toBe(1);
    expect(third.events[0]!.runs[0]!.runId).not.toBe(runId);
  });

  it('starts nothing for a repeated delivery of the same object version, but does for a new upload', async () => {
    await temp.store.graphs.create(s3Graph('landing'));
    const e = created('landing', 'a.csv', '0A');
    const first = await intake.take([e], req(), 202);
    const again = await intake.take([e], req(), 202);
    expect(again.events[0]).toMatchObject({ status: 'ignored', duplicateOf: first.events[0]!.id, runs: [] });
    expect(await temp.store.runs.countByStatus()).toEqual({ queued: 1 });
    expect(await log.get(again.events[0]!.id)).toMatchObject({
      status: 'ignored',
      duplicateOf: first.events[0]!.id,
      reason: expect.stringMatching(/repeated delivery/),
    });

    // The same bytes uploaded again have a new sequencer: a new event (it joins the waiting run).
    const reupload = await intake.take([{ ...e, sequencer: '0B' }], req(), 202);
    expect(reupload.events[0]).toMatchObject({ status: 'received', runs: [{ runId: first.events[0]!.runs[0]!.runId }] });
    expect((await runOf(first.events[0]!.runs[0]!.runId)).triggerParams).toEqual({ keys: ['a.csv'] });
  });

  it('ignores, with the reason, what no enabled graph takes and what is not a creation', async () => {
    await temp.store.graphs.create(s3Graph('landing', { prefix: 'in/', patterns: ['*.csv', '!tmp_*'] }));
    await temp.store.graphs.create(s3Graph('quiet', { events: false }));
    const r = await intake.take(
      [
        created('other', 'in/a.csv'),
        created('landing', 'out/a.csv'),
        created('landing', 'in/a.json'),
        created('landing', 'in/tmp_a.csv'),
        created('quiet', 'a.csv'),
        created('landing', 'in/a.csv', '02', 'ObjectRemoved:Delete'),
      ],
      req(),
      202,
    );
    expect(r.events.map((e) => e.status)).toEqual(['ignored', 'ignored', 'ignored', 'ignored', 'ignored', 'ignored']);
    expect(r.events[0]!.reason).toBe('no graph with bucket events enabled has an S3 source that takes s3://other/in/a.csv');
    expect(r.events[5]!.reason).toMatch(/ObjectRemoved:Delete is not an object creation/);
    expect(await temp.store.runs.countByStatus()).toEqual({});
  });

  it('queues one run per watching graph, and a new run once the waiting one was claimed', async () => {
    const a = await temp.store.graphs.create(s3Graph('landing'));
    const b = await temp.store.graphs.create(s3Graph('landing', { patterns: ['*.csv'] }));
    const r = await intake.take([created('landing', 'x.csv')], req(), 202);
    expect(r.events[0]!.runs.map((x) => x.graphId).sort()).toEqual([a.id, b.id].sort());

    await temp.store.runs.claimNext({ global: 10, perGraph: 1 }, () => 1);
    await temp.store.runs.claimNext({ global: 10, perGraph: 1 }, () => 1);
    const later = await intake.take([created('landing', 'y.csv')], req(), 202);
    expect(later.runsQueued).toBe(2);
  });

  it('sees a graph edit at once', async () => {
    const g = await temp.store.graphs.create(s3Graph('landing', { events: false }));
    expect((await intake.take([created('landing', 'a.csv')], req(), 202)).events[0]!.status).toBe('ignored');
    await temp.store.graphs.update(g.id, s3Graph('landing'));
    expect((await intake.take([created('landing', 'b.csv')], req(), 202)).events[0]!.status).toBe('received');
  });
});

describe('BucketEventIntake.submit (group commit)', () => {
  it('commits the requests of one turn together; a failing request fails alone and leaves nothing', async () => {
    await temp.store.graphs.create(s3Graph('landing'));
    const queue = queueOf(temp);
    const picky = new BucketEventIntake(temp.store, new TriggerIndex(temp.store.graphs, plugins), {
      enqueue: (graphId, trigger) => {
        if ((trigger.params?.keys as string[] | undefined)?.[0] === 'boom.csv') throw new Error('queue refused boom.csv');
        return queue.enqueue(graphId, trigger);
      },
    });
    const answers = await Promise.allSettled([
      picky.submit([created('landing', 'boom.csv')], req(), 202),
      picky.submit([created('landing', 'a.csv')], req(), 202),
      picky.submit([created('landing', 'b.csv')], req(), 202),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect((await log.list({}, 10, 0)).items.map((e) => e.key)).toEqual(['b.csv', 'a.csv']);
    const [, a, b] = answers as PromiseFulfilledResult<Awaited<ReturnType<BucketEventIntake['submit']>>>[];
    expect(b!.value.events[0]!.runs[0]!.runId).toBe(a!.value.events[0]!.runs[0]!.runId);
    expect((await temp.store.runs.get(a!.value.events[0]!.runs[0]!.runId))!.triggerParams).toEqual({ keys: ['a.csv', 'b.csv'] });
  });
});

describe('BucketEventLog.prune', () => {
  it('deletes rows older than the retention; a later delivery of a pruned version is taken again', async () => {
    await temp.store.graphs.create(s3Graph('landing'));
    const old = { requestId: 'old', receivedAt: new Date(Date.now() - 40 * 86_400_000) };
    await intake.take([created('landing', 'a.csv')], old, 202);
    await intake.take([created('landing', 'b.csv')], req(), 202);
    expect(await log.prune(new Date(Date.now() - 30 * 86_400_000))).toBe(1);
    expect((await log.list({}, 10, 0)).items.map((e) => e.key)).toEqual(['b.csv']);
    expect((await intake.take([created('landing', 'a.csv')], req(), 202)).events[0]!.status).toBe('received');
  });
});

describe('closeFinishedEvents', () => {
  const summary = (status: RunSummary['status'], errors: RunSummary['errors'] = []): RunSummary => ({
    status,
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    files: { processed: 1, skipped: 0, failed: errors.length },
    rows: 1,
    nodes: {},
    errors,
    warnings: [],
  });

  it('marks events processed or failed with the error about their object once their runs end', async () => {
    await temp.store.graphs.create(s3Graph('landing'));
    const r = await intake.take([created('landing', 'good.csv'), created('landing', 'bad.csv')], req(), 202);
    const runId = r.events[0]!.runs[0]!.runId;
    expect(await closeFinishedEvents(log)).toBe(0);
    await temp.store.runs.claimNext({ global: 1, perGraph: 1 }, () => 1);
    expect(await closeFinishedEvents(log)).toBe(0);
    const at = new Date().toISOString();
    await temp.store.runs.finish(
      runId,
      summary('failed', [{ at, node: 'parse', file: 's3://landing/bad.csv', message: 's3://landing/bad.csv: line 3 has 2 fields, expected 3' }]),
    );
    expect(await closeFinishedEvents(log)).toBe(2);
    expect(await log.get(r.events[0]!.id)).toMatchObject({ status: 'processed' });
    expect(await log.get(r.events[1]!.id)).toMatchObject({ status: 'failed', reason: `run ${runId}: s3://landing/bad.csv: line 3 has 2 fields, expected 3` });
  });

  it('fails the events of a run that stopped at its first failing file, saying so', async () => {
    await temp.store.graphs.create(s3Graph('landing'));
    const r = await intake.take([created('landing', 'bad.csv'), created('landing', 'never-reached.csv')], req(), 202);
    const runId = r.events[0]!.runs[0]!.runId;
    await temp.store.runs.claimNext({ global: 1, perGraph: 1 }, () => 1);
    const at = new Date().toISOString();
    const stop = 'the run stopped at the first failing file (stopOnError); files it had not reached were not landed';
    await temp.store.runs.finish(
      runId,
      summary('failed', [
        { at, node: 'parse', file: 's3://landing/bad.csv', message: 's3://landing/bad.csv: broken' },
        { at, message: stop },
      ]),
    );
    expect(await closeFinishedEvents(log)).toBe(2);
    expect(await log.get(r.events[1]!.id)).toMatchObject({ status: 'failed', reason: `run ${runId} failed: ${stop}` });
  });

  it('lists the log newest first with filters and paging', async () => {
    const g = await temp.store.graphs.create(s3Graph('landing'));
    await intake.take([created('landing', 'a.csv'), created('other', 'b.csv'), created('landing', 'c.csv')], req(), 202);
    await intake.reject(req(), 401, 'no token');
    expect(await log.list({}, 2, 0)).toMatchObject({ total: 4, items: [{ status: 'rejected', reason: 'no token', httpStatus: 401 }, { key: 'c.csv' }] });
    expect((await log.list({ graphId: g.id }, 10, 0)).items.map((e) => e.key)).toEqual(['c.csv', 'a.csv']);
    expect((await log.list({ status: 'ignored' }, 10, 0)).items.map((e) => e.bucket)).toEqual(['other']);
    expect(await log.list({ bucket: 'landing' }, 1, 1)).toMatchObject({ total: 2, items: [{ key: 'a.csv', runs: [{ graphId: g.id }] }] });
  });
});
