import { emptyGraph } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '@sluice/sdk/wire';
import { openStore, type Store } from './open-store.ts';
import { openTempStore, type TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = openTempStore('sluice-runs-');
  store = temp.store;
  await store.graphs.create(emptyGraph('A'), { id: 'ga' });
  await store.graphs.create(emptyGraph('B'), { id: 'gb' });
});
afterEach(() => temp.dispose());

const rev = () => 1;
const limits = { global: 2, perGraph: 1 };

describe('RunRepository', () => {
  it('claims runs oldest first within the global and per-graph limits', async () => {
    const t = (ms: number) => new Date(1_000_000 + ms);
    const a1 = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } }, t(1))).run;
    const a2 = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } }, t(2))).run;
    const b1 = (await store.runs.enqueue({ graphId: 'gb', trigger: { kind: 'manual', params: { key: 'x.csv' } } }, t(3))).run;
    expect((await store.runs.claimNext(limits, rev))?.id).toBe(a1.id);
    // ga is at its per-graph limit, so gb's run goes next even though a2 is older.
    const claimed = await store.runs.claimNext(limits, rev);
    expect(claimed).toMatchObject({ id: b1.id, status: 'running', attempts: 1, graphRevision: 1, triggerParams: { key: 'x.csv' } });
    expect(await store.runs.claimNext({ global: 5, perGraph: 1 }, rev)).toBeUndefined();
    expect((await store.runs.get(a2.id))?.status).toBe('queued');
  });

  it('stops at the global limit', async () => {
    await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } });
    await store.runs.enqueue({ graphId: 'gb', trigger: { kind: 'manual' } });
    expect(await store.runs.claimNext({ global: 1, perGraph: 5 }, rev)).toBeDefined();
    expect(await store.runs.claimNext({ global: 1, perGraph: 5 }, rev)).toBeUndefined();
  });

  it('two stores on one file never claim the same run', async () => {
    const other = openStore({ dataDir: temp.dir });
    for (let i = 0; i < 20; i++) await store.runs.enqueue({ graphId: i % 2 ? 'ga' : 'gb', trigger: { kind: 'manual' } });
    const ids: string[] = [];
    const big = { global: 100, perGraph: 100 };
    for (let i = 0; i < 15; i++) {
      const a = await store.runs.claimNext(big, rev);
      const b = await other.runs.claimNext(big, rev);
      if (a) ids.push(a.id);
      if (b) ids.push(b.id);
    }
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    await other.close();
  });

  it('returns the first run for a repeated dedupe key', async () => {
    const first = await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event' }, dedupeKey: 'b/k@v1' });
    const again = await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event' }, dedupeKey: 'b/k@v1' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ run: first.run, created: false });
  });

  it('finishes, cancels and re-queues interrupted runs', async () => {
    const r1 = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } })).run;
    const r2 = (await store.runs.enqueue({ graphId: 'gb', trigger: { kind: 'manual' } })).run;
    const r3 = (await store.runs.enqueue({ graphId: 'gb', trigger: { kind: 'manual' } })).run;
    await store.runs.claimNext(limits, rev);
    await store.runs.claimNext(limits, rev);
    const summary: RunSummary = {
      status: 'succeeded',
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      files: { processed: 2, skipped: 1, failed: 0 },
      rows: 10,
      nodes: {},
      errors: [],
      warnings: [{ at: new Date().toISOString(), node: 'p', message: 'odd' }],
    };
    expect(await store.runs.finish(r1.id, summary)).toBe(true);
    expect(await store.runs.finish(r1.id, summary)).toBe(false);
    expect(await store.runs.get(r1.id)).toMatchObject({ status: 'succeeded', rows: 10, files: { processed: 2 }, warnings: [{ message: 'odd' }] });
    expect(await store.runs.cancelQueued(r3.id)).toBe(true);
    expect(await store.runs.cancelQueued(r2.id)).toBe(false);
    expect(await store.runs.requeueInterrupted()).toBe(1);
    expect(await store.runs.get(r2.id)).toMatchObject({ status: 'queued', startedAt: null });
    expect(await store.runs.claimNext(limits, rev)).toMatchObject({ id: r2.id, attempts: 2 });
    expect(await store.runs.countByStatus()).toEqual({ succeeded: 1, cancelled: 1, running: 1 });
  });

  it('pages a graph history newest first and keeps log lines numbered', async () => {
    for (let i = 0; i < 5; i++) await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } }, new Date(1000 + i));
    const page = await store.runs.listForGraph('ga', 2, 1);
    expect(page.total).toBe(5);
    expect(page.items.map((r) => r.queuedAt.getTime())).toEqual([1003, 1002]);
    const id = page.items[0]!.id;
    const at = new Date().toISOString();
    await store.runLogs.append(id, [
      { at, level: 'debug', message: 'a' },
      { at, level: 'warn', node: 'n', file: 'f', message: 'b', fields: { x: 1 } },
    ]);
    await store.runLogs.append(id, [{ at, level: 'error', message: 'c' }]);
    expect((await store.runLogs.list(id, { limit: 10 })).map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(await store.runLogs.list(id, { limit: 10, afterSeq: 1, minLevel: 'warn' })).toEqual([
      { seq: 2, at, level: 'warn', node: 'n', file: 'f', message: 'b', fields: { x: 1 } },
      { seq: 3, at, level: 'error', message: 'c' },
    ]);
  });
});

describe('RunRepository: keys added to a run stay within the params limit', () => {
  // 60 keys of 1,000 bytes: ~60 KiB of params, under the limit; a few more would pass it long
  // before a key cap of 500 keys per run.
  const long = (i: number) => `${String(i).padStart(4, '0')}-${'k'.repeat(995)}`;
  const near = Array.from({ length: 60 }, (_, i) => long(i));

  it('queues no more keys into a waiting run once its params would pass the limit', async () => {
    const queued = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event', params: { keys: near } } })).run;
    expect(await store.runs.addKeysToQueued('ga', 's3-event', [long(60)], 500)).toBe(queued.id);
    expect(await store.runs.addKeysToQueued('ga', 's3-event', [long(61), long(62), long(63), long(64), long(65)], 500)).toBeUndefined();
    expect(((await store.runs.get(queued.id))!.triggerParams.keys as string[]).length).toBe(61);
  });

  it('feeds no more keys to a running run once its params would pass the limit', async () => {
    const running = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event', params: { keys: near } } })).run;
    expect((await store.runs.claimNext(limits, rev))?.id).toBe(running.id);
    // 65 such keys fit in 64 KiB, the 66th does not.
    for (let i = 60; i < 65; i++) expect(await store.runs.addKeyToRunning(running.id, long(i))).toBe(true);
    expect(await store.runs.addKeyToRunning(running.id, long(65))).toBe(false);
    expect(((await store.runs.get(running.id))!.triggerParams.keys as string[]).length).toBe(65);
  });
});
