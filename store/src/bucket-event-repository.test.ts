import { emptyGraph } from '@sluice/sdk';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, TEST_STORE_DIALECT } from '../testing/test-store.ts';
import type { BucketEventFields } from './bucket-event-repository.ts';
import type { Store } from './open-store.ts';
import { storeDbOf } from './store-client.ts';
import type { TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = await openTestStore('sluice-bucket-events-');
  store = temp.store;
  await store.graphs.create(emptyGraph('A'), { id: 'ga' });
  await store.graphs.create(emptyGraph('B'), { id: 'gb' });
});
afterEach(() => temp.dispose());

const fields = (key: string, receivedAt = new Date(10_000)): BucketEventFields => ({
  requestId: 'req-1',
  receivedAt,
  source: 'minio',
  eventName: 'ObjectCreated:Put',
  bucket: 'landing',
  key,
  size: 12,
  etag: 'abc',
  versionId: null,
  sequencer: '0001',
  eventTime: '2026-12-07T00:00:00Z',
  httpStatus: 202,
  remote: '127.0.0.1',
});

/** What PostgreSQL's text keeps of a value with U+0000 (U+FFFD in its place); SQLite keeps it as is. */
const keptAsText = (s: string) => (TEST_STORE_DIALECT === 'postgres' ? s.replaceAll('\u0000', '\uFFFD') : s);

describe('BucketEventRepository', () => {
  it('logs an object version once, links its runs and lists them by graph', async () => {
    const id = (await store.bucketEvents.insertReceived(fields('a.csv'), 'landing/a.csv@abc'))!;
    expect(await store.bucketEvents.insertReceived(fields('a.csv'), 'landing/a.csv@abc')).toBeUndefined();
    expect(await store.bucketEvents.idOfVersion('landing/a.csv@abc')).toBe(id);
    const dup = await store.bucketEvents.insertClosed(fields('a.csv'), { status: 'ignored', reason: 'repeated delivery', duplicateOf: id });
    expect(dup).toBeGreaterThan(id);
    const ra = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event', params: { keys: ['a.csv'] } } })).run;
    const rb = (await store.runs.enqueue({ graphId: 'gb', trigger: { kind: 's3-event', params: { keys: ['a.csv'] } } })).run;
    // Linked gb first: listed by graph id all the same.
    await store.bucketEvents.linkRun(id, 'gb', rb.id);
    await store.bucketEvents.linkRun(id, 'ga', ra.id);
    await store.bucketEvents.linkRun(id, 'ga', 'run-other');
    expect((await store.bucketEvents.get(id))?.runs).toEqual([
      { graphId: 'ga', runId: ra.id },
      { graphId: 'gb', runId: rb.id },
    ]);
    expect(await store.bucketEvents.get(dup)).toMatchObject({ status: 'ignored', duplicateOf: id, runs: [] });
    expect(await store.bucketEvents.versionsOfRun(ra.id)).toEqual([{ bucket: 'landing', key: 'a.csv', size: 12, etag: 'abc', versionId: null }]);
    expect(await store.bucketEvents.received(0, 10)).toEqual([
      {
        id,
        bucket: 'landing',
        key: 'a.csv',
        runs: [
          { graphId: 'ga', runId: ra.id },
          { graphId: 'gb', runId: rb.id },
        ],
      },
    ]);
    const page = await store.bucketEvents.list({ graphId: 'gb' }, 10, 0);
    expect(page).toMatchObject({ total: 1, items: [{ id }] });
    expect((await store.bucketEvents.list({ status: 'ignored' }, 10, 0)).items.map((e) => e.id)).toEqual([dup]);
    await store.bucketEvents.close(id, 'processed', null, new Date(20_000));
    expect(await store.bucketEvents.received(0, 10)).toEqual([]);
    expect(await store.bucketEvents.countByStatus()).toEqual({ processed: 1, ignored: 1 });
  });

  it('marks when a run took a key from its live feed, once per link, inside the caller transaction', async () => {
    const a = (await store.bucketEvents.insertReceived(fields('a.csv'), 'v-a'))!;
    const b = (await store.bucketEvents.insertReceived(fields('b.csv'), 'v-b'))!;
    await store.bucketEvents.linkRun(a, 'ga', 'run-1');
    await store.bucketEvents.linkRun(b, 'ga', 'run-1');
    await store.bucketEvents.linkRun(a, 'gb', 'run-2');
    // Rolled back with its transaction: nothing marked.
    await expect(
      store.transaction(async () => {
        await store.bucketEvents.markPicked('run-1', new Map([['a.csv', 30_000]]));
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    expect(await pickedAt()).toEqual({ 'a.csv/ga': null, 'b.csv/ga': null, 'a.csv/gb': null });
    await store.bucketEvents.markPicked('run-1', new Map([['a.csv', 30_000]]));
    // Set once: a later report of the same key changes nothing.
    await store.bucketEvents.markPicked(
      'run-1',
      new Map([
        ['a.csv', 40_000],
        ['b.csv', 41_000],
      ]),
    );
    expect(await pickedAt()).toEqual({ 'a.csv/ga': 30_000, 'b.csv/ga': 41_000, 'a.csv/gb': null });
  });

  it('prunes events received before a moment, with their links', async () => {
    const old = (await store.bucketEvents.insertReceived(fields('old.csv', new Date(1_000)), 'v-old'))!;
    await store.bucketEvents.insertReceived(fields('new.csv', new Date(9_000)), 'v-new');
    await store.bucketEvents.linkRun(old, 'ga', 'run-1');
    expect(await store.bucketEvents.prune(new Date(5_000))).toBe(1);
    expect(await store.bucketEvents.get(old)).toBeUndefined();
    expect(await store.bucketEvents.versionsOfRun('run-1')).toEqual([]);
    expect(await store.bucketEvents.prune(new Date(5_000))).toBe(0);
  });

  it('logs an event whose fields hold U+0000, and finds it by that key', async () => {
    const key = 'in/a\u0000b.csv';
    const id = (await store.bucketEvents.insertReceived({ ...fields(key), etag: 'e\u0000' }, `landing/${key}@1`))!;
    expect(await store.bucketEvents.idOfVersion(`landing/${key}@1`)).toBe(id);
    await store.bucketEvents.linkRun(id, 'ga', 'run-1');
    await store.bucketEvents.markPicked('run-1', new Map([[key, 30_000]]));
    await store.bucketEvents.close(id, 'failed', `cannot read "${key}"`, new Date(31_000));
    expect(await store.bucketEvents.get(id)).toMatchObject({ key: keptAsText(key), etag: keptAsText('e\u0000'), reason: keptAsText(`cannot read "${key}"`) });
    expect(await pickedAt()).toEqual({ [`${keptAsText(key)}/ga`]: 30_000 });
  });
});

/** Every run link's `pickedAt` (epoch ms or null), by `<event key>/<graph>`: read through the store's own connection. */
async function pickedAt(): Promise<Record<string, number | null>> {
  const c = storeDbOf(store);
  const { bucketEventRuns, bucketEvents } = c.t;
  const rows = await c
    .db()
    .select({ key: bucketEvents.key, graphId: bucketEventRuns.graphId, at: bucketEventRuns.pickedAt })
    .from(bucketEventRuns)
    .innerJoin(bucketEvents, eq(bucketEvents.id, bucketEventRuns.eventId));
  return Object.fromEntries(rows.map((r) => [`${r.key}/${r.graphId}`, r.at?.getTime() ?? null]));
}
