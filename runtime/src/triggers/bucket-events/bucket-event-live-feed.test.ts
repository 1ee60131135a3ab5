import type { GraphDocument } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveFeeds, LiveKeyFeed } from '@sluice/engine';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import type { RunQueue } from '../run-queue.ts';
import { TriggerIndex } from '../trigger-index.ts';
import { installedPlugins } from '../../plugins/installed-plugins.ts';

/** The built-in plugins: which sources watch buckets is theirs to say. */
const plugins = await installedPlugins();
import { BucketEventIntake } from './bucket-event-intake.ts';
import { BucketEventLog } from './bucket-event-log.ts';
import type { ObjectEvent } from './object-event.ts';
import { runKeyFacts } from './run-key-facts.ts';

let temp: TempStore;
let feeds: LiveFeeds;
let intake: BucketEventIntake;

const graphDoc: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'watch landing',
  settings: { triggers: { bucketEvents: { enabled: true } } },
  nodes: { src: { type: 'source-s3', typeVersion: 1, position: { x: 0, y: 0 }, config: { bucket: 'landing' } } },
  edges: [],
};

/** The store's queue without a worker, and the feeds of runs the test marks as executing here. */
const queueOf = (t: TempStore, f: LiveFeeds): RunQueue => ({
  enqueue: (graphId, trigger) => t.store.runs.enqueue({ graphId, trigger: { kind: trigger.kind, params: trigger.params } }),
  liveFeed: (graphId, maxKeys) => f.openFor(graphId, maxKeys),
});

let n = 0;
const created = (key: string): ObjectEvent => ({
  source: 'ceph',
  eventName: 'ObjectCreated:Put',
  bucket: 'landing',
  key,
  etag: `etag-${key}-${n}`,
  sequencer: `0${n++}`,
});
const req = () => ({ requestId: `req-${n++}`, receivedAt: new Date() });

/** A run of the graph claimed by a worker (running), with an open feed as the run service gives it. */
async function runningRun(graphId: string, keys: string[]): Promise<LiveKeyFeed> {
  const { run } = await temp.store.runs.enqueue({ graphId, trigger: { kind: 's3-event', params: { keys } } });
  expect((await temp.store.runs.claimNext({ global: 5, perGraph: 5 }, () => 1))?.id).toBe(run.id);
  const feed = new LiveKeyFeed(run.id, graphId, keys.length);
  feeds.add(feed);
  return feed;
}

beforeEach(async () => {
  temp = await openTestStore('sluice-live-feed-');
  feeds = new LiveFeeds();
  intake = new BucketEventIntake(temp.store, new TriggerIndex(temp.store.graphs, plugins), queueOf(temp, feeds), 3);
});
afterEach(() => temp.dispose());

describe('BucketEventIntake with a running run that takes keys', () => {
  it('records the key in the running run and hands it over, linked to the event, queueing nothing', async () => {
    const g = await temp.store.graphs.create(graphDoc);
    const feed = await runningRun(g.id, ['a.csv']);
    const r = await intake.take([created('b.csv')], req(), 202);
    expect(r.runsQueued).toBe(0);
    expect(r.events[0]!.runs).toEqual([{ graphId: g.id, runId: feed.runId }]);
    expect((await temp.store.runs.get(feed.runId))!.triggerParams.keys).toEqual(['a.csv', 'b.csv']);
    expect((await new BucketEventLog(temp.store).get(r.events[0]!.id))!.runs).toEqual([{ graphId: g.id, runId: feed.runId }]);
    expect(feed.take()).toEqual([{ key: 'b.csv' }]);
  });

  it('keeps fed keys through a crash: the run is queued again with every key it was given', async () => {
    const g = await temp.store.graphs.create(graphDoc);
    const feed = await runningRun(g.id, ['a.csv']);
    await intake.take([created('b.csv'), created('c.csv')], req(), 202);
    // The process dies here: nothing in memory survives, the store is what the next start sees.
    expect(await temp.store.runs.requeueInterrupted()).toBe(1);
    expect(await temp.store.runs.get(feed.runId)).toMatchObject({ status: 'queued', triggerParams: { keys: ['a.csv', 'b.csv', 'c.csv'] } });
  });

  it('sends a new version of a key the run already has, and keys past the cap, to a queued run', async () => {
    const g = await temp.store.graphs.create(graphDoc);
    const feed = await runningRun(g.id, ['a.csv', 'b.csv']);
    const again = await intake.take([created('a.csv')], req(), 202);
    expect(again.runsQueued).toBe(1);
    expect(again.events[0]!.runs[0]!.runId).not.toBe(feed.runId);
    await intake.take([created('c.csv')], req(), 202);
    expect(feed.take()).toEqual([{ key: 'c.csv' }]);
    // Three keys is this intake's cap: the next key waits in the queued run.
    const capped = await intake.take([created('d.csv')], req(), 202);
    expect(capped.events[0]!.runs[0]!.runId).toBe(again.events[0]!.runs[0]!.runId);
    expect((await temp.store.runs.get(again.events[0]!.runs[0]!.runId))!.triggerParams.keys).toEqual(['a.csv', 'd.csv']);
  });

  it('a key arriving as the feed closes goes to a new queued run, never to the closed run', async () => {
    const g = await temp.store.graphs.create(graphDoc);
    const feed = await runningRun(g.id, ['a.csv']);
    // The request is in before the feed closes, but its group commit runs in a later turn.
    const answer = intake.submit([created('late.csv')], req(), 202);
    expect(feed.closeIfEmpty()).toBe(true);
    const r = await answer;
    expect(r.runsQueued).toBe(1);
    const queued = r.events[0]!.runs[0]!.runId;
    expect(queued).not.toBe(feed.runId);
    expect(await temp.store.runs.get(queued)).toMatchObject({ status: 'queued', triggerParams: { keys: ['late.csv'] } });
    expect((await temp.store.runs.get(feed.runId))!.triggerParams.keys).toEqual(['a.csv']);
    expect(feed.take()).toBeNull();
  });

  it('a key committed before the close keeps the feed open until the source takes it', async () => {
    const g = await temp.store.graphs.create(graphDoc);
    const feed = await runningRun(g.id, ['a.csv']);
    const r = await intake.submit([created('b.csv')], req(), 202);
    expect(r.events[0]!.runs[0]!.runId).toBe(feed.runId);
    expect(feed.closeIfEmpty()).toBe(false);
    expect(feed.take()).toEqual([{ key: 'b.csv' }]);
    expect(feed.closeIfEmpty()).toBe(true);
    expect(() => feed.push({ key: 'c.csv' })).toThrow(/after its feed closed/);
  });

  it('a request whose savepoint fails hands nothing to the running run', async () => {
    const g = await temp.store.graphs.create(graphDoc);
    const feed = await runningRun(g.id, ['a.csv']);
    const bad = { ...created('bad.csv'), key: undefined as unknown as string };
    const answers = await Promise.allSettled([intake.submit([created('b.csv'), bad], req(), 202), intake.submit([created('c.csv')], req(), 202)]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'fulfilled']);
    expect(feed.take()).toEqual([{ key: 'c.csv' }]);
    expect((await temp.store.runs.get(feed.runId))!.triggerParams.keys).toEqual(['a.csv', 'c.csv']);
  });

  it('keeps the feed open from its check to the commit: a close asked for meanwhile is refused, and the key handed over', async () => {
    const g = await temp.store.graphs.create(graphDoc);
    const feed = await runningRun(g.id, ['a.csv']);
    let closed: boolean | undefined;
    const queue: RunQueue = {
      ...queueOf(temp, feeds),
      liveFeed: (graphId, maxKeys) => {
        // The run's source, with nothing in flight, asks to close its feed while intake's transaction goes on.
        queueMicrotask(() => (closed = feed.closeIfEmpty()));
        return feeds.openFor(graphId, maxKeys);
      },
    };
    const r = await new BucketEventIntake(temp.store, new TriggerIndex(temp.store.graphs, plugins), queue, 3).take([created('b.csv')], req(), 202);
    expect(closed).toBe(false);
    expect(r.events[0]!.runs).toEqual([{ graphId: g.id, runId: feed.runId }]);
    expect(feed.take()).toEqual([{ key: 'b.csv' }]);
    expect(feed.closeIfEmpty()).toBe(true);
  });

  it("hands a key over with its event's facts (size, ETag, version id), and a queued run's keys get theirs from the event log", async () => {
    const g = await temp.store.graphs.create(graphDoc);
    const feed = await runningRun(g.id, ['a.csv', 'x.csv']);
    const etag = (c: string) => c.repeat(32);
    const facts = (e: ObjectEvent) => ({ bucket: e.bucket, size: e.size, etag: e.etag, ...(e.versionId ? { versionId: e.versionId } : {}) });
    const b = { ...created('b.csv'), size: 5, etag: `"${etag('b')}"`, versionId: 'v1' };
    await intake.take([b], req(), 202);
    expect(feed.take()).toEqual([{ key: 'b.csv', facts: { ...facts(b), etag: etag('b') } }]);
    expect(runKeyFacts(await temp.store.bucketEvents.versionsOfRun(feed.runId))).toEqual({ 'b.csv': { ...facts(b), etag: etag('b') } });

    // Three keys is this intake's cap, reached: these wait in a queued run, where two versions of c.csv meet.
    const c1 = { ...created('c.csv'), size: 5, etag: etag('1') };
    const c2 = { ...created('c.csv'), size: 6, etag: etag('2') };
    const d = { ...created('d.csv'), size: 7, etag: etag('d') };
    const queued = (await intake.take([c1, d, c2], req(), 202)).events[0]!.runs[0]!.runId;
    expect(queued).not.toBe(feed.runId);
    expect((await temp.store.runs.get(queued))!.triggerParams).toEqual({ keys: ['c.csv', 'd.csv'] });
    // c.csv: two versions named, so none is trusted (the source asks the store, which has the newer).
    expect(runKeyFacts(await temp.store.bucketEvents.versionsOfRun(queued))).toEqual({ 'd.csv': facts(d) });
  });
});
