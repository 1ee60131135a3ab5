import { emptyGraph } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '@sluice/sdk/wire';
import { openTestStore, reopenTestStore, TEST_STORE_DIALECT } from '../testing/test-store.ts';
import type { Store } from './open-store.ts';
import type { TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = await openTestStore('sluice-runs-');
  store = temp.store;
  await store.graphs.create(emptyGraph('A'), { id: 'ga' });
  await store.graphs.create(emptyGraph('B'), { id: 'gb' });
});
afterEach(() => temp.dispose());

const rev = () => 1;
const succeeded = (): RunSummary => {
  const at = new Date().toISOString();
  return { status: 'succeeded', startedAt: at, finishedAt: at, files: { processed: 0, skipped: 0, failed: 0 }, rows: 0, nodes: {}, errors: [], warnings: [] };
};
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

  it('takes runs queued in one millisecond in the order they were queued', async () => {
    const at = new Date(5_000_000);
    const queued: string[] = [];
    for (let i = 0; i < 12; i++) queued.push((await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } }, at)).run.id);
    const claimed: string[] = [];
    for (let i = 0; i < 12; i++) {
      const run = await store.runs.claimNext({ global: 1, perGraph: 1 }, rev);
      claimed.push(run!.id);
      expect(await store.runs.finish(run!.id, succeeded())).toBe(true);
    }
    expect(claimed).toEqual(queued);
  });

  it('two stores on one database never claim the same run', async () => {
    const other = await reopenTestStore(temp);
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

  it('gives every request of one dedupe key the same run when they come at once, from two connections', async () => {
    const other = TEST_STORE_DIALECT === 'postgres' ? await reopenTestStore(temp) : store;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).runs.enqueue({ graphId: 'ga', trigger: { kind: 'webhook' }, dedupeKey: 'webhook:ga:once' })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    expect((await store.runs.list({ graphId: 'ga' }, 10, 0)).total).toBe(1);
    if (other !== store) await other.close();
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
    expect(await store.runs.fail(r2.id, 'broke')).toBe(true);
    expect(await store.runs.fail(r2.id, 'again')).toBe(false);
    expect(await store.runs.get(r2.id)).toMatchObject({ status: 'failed', errors: [{ message: 'broke' }] });
  });

  // PostgreSQL only: on SQLite the claim's transaction keeps every other writer out, so no cancel can come in between.
  it.runIf(TEST_STORE_DIALECT === 'postgres')('passes over a run cancelled while a claim reads the queue, for the next one', async () => {
    const first = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } }, new Date(1))).run;
    const second = (await store.runs.enqueue({ graphId: 'gb', trigger: { kind: 'manual' } }, new Date(2))).run;
    // The revision is read between the pick and the flip: the cancel commits there, on its own connection.
    const cancel = store.detached(() => store.runs.cancelQueued(first.id));
    const cancelled: boolean[] = [];
    const claimed = await store.runs.claimNext(limits, async (graphId) => {
      if (graphId === 'ga') cancelled.push(await cancel());
      return 1;
    });
    expect(cancelled).toEqual([true]);
    expect(claimed).toMatchObject({ id: second.id, status: 'running' });
    expect((await store.runs.get(first.id))?.status).toBe('cancelled');
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
    expect(await store.runs.keys.addKeysToQueued('ga', 's3-event', [long(60)], 500)).toBe(queued.id);
    expect(await store.runs.keys.addKeysToQueued('ga', 's3-event', [long(61), long(62), long(63), long(64), long(65)], 500)).toBeUndefined();
    expect(((await store.runs.get(queued.id))!.triggerParams.keys as string[]).length).toBe(61);
  });

  it('feeds no more keys to a running run once its params would pass the limit', async () => {
    const running = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event', params: { keys: near } } })).run;
    expect((await store.runs.claimNext(limits, rev))?.id).toBe(running.id);
    // 65 such keys fit in 64 KiB, the 66th does not.
    for (let i = 60; i < 65; i++) expect(await store.runs.keys.addKeyToRunning(running.id, long(i))).toBe(true);
    expect(await store.runs.keys.addKeyToRunning(running.id, long(65))).toBe(false);
    expect(((await store.runs.get(running.id))!.triggerParams.keys as string[]).length).toBe(65);
  });
});

describe('RunRepository: claimers at once', () => {
  // PostgreSQL: two stores, each with its own pool, as two worker processes have. SQLite: one store
  // (a second connection waiting for the file's write lock would block the thread that holds it).
  const otherClaimer = async () => (TEST_STORE_DIALECT === 'postgres' ? reopenTestStore(temp) : store);

  it('never claim a run twice nor pass the limits together', async () => {
    const other = await otherClaimer();
    await store.graphs.create(emptyGraph('C'), { id: 'gc' });
    const graphs = ['ga', 'gb', 'gc'];
    for (let i = 0; i < 30; i++) await store.runs.enqueue({ graphId: graphs[i % 3]!, trigger: { kind: 'manual' } });
    const lim = { global: 4, perGraph: 2 };
    // The revision is read between the count of running runs and the flip: a slow read gives a claim
    // left unguarded the time to count what another claim is about to change.
    const slowRev = async () => {
      await new Promise((r) => setTimeout(r, 5));
      return 1;
    };
    const seen = new Set<string>();
    for (let round = 0; round < 10 && seen.size < 30; round++) {
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).runs.claimNext(lim, slowRev)));
      const claimed = claims.filter((r) => r !== undefined);
      const running = (await store.runs.list({ status: 'running' }, 100, 0)).items;
      expect(running.length).toBeLessThanOrEqual(lim.global);
      for (const g of graphs) expect(running.filter((r) => r.graphId === g).length).toBeLessThanOrEqual(lim.perGraph);
      expect(claimed.length).toBe(running.length);
      for (const run of claimed) {
        expect(seen.has(run.id)).toBe(false);
        seen.add(run.id);
        expect(await store.runs.finish(run.id, succeeded())).toBe(true);
      }
    }
    expect(seen.size).toBe(30);
    if (other !== store) await other.close();
  });

  it('lose no key when two add keys to one run at once', async () => {
    const other = await otherClaimer();
    const queued = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event', params: { keys: [] } } })).run;
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}.csv`);
    const added = await Promise.all(keys.map((k, i) => (i % 2 ? other : store).runs.keys.addKeysToQueued('ga', 's3-event', [k], 500)));
    expect(added).toEqual(keys.map(() => queued.id));
    expect(((await store.runs.get(queued.id))!.triggerParams.keys as string[]).toSorted()).toEqual(keys.toSorted());
    const running = await store.runs.claimNext(limits, rev);
    const fed = await Promise.all(keys.map((k, i) => (i % 2 ? other : store).runs.keys.addKeyToRunning(running!.id, `live/${k}`)));
    expect(fed.every((ok) => ok)).toBe(true);
    expect(((await store.runs.get(queued.id))!.triggerParams.keys as string[]).length).toBe(80);
    if (other !== store) await other.close();
  });
});

describe('RunRepository: U+0000 in what a run records', () => {
  // PostgreSQL text cannot hold U+0000: log lines keep U+FFFD in its place there; the json columns
  // (errors, warnings, params, log fields) keep the escape and give it back as it was.
  const nul = 'bad byte \u0000 in "a\u0000b.csv"';
  const keptAsText = (s: string) => (TEST_STORE_DIALECT === 'postgres' ? s.replaceAll('\u0000', '\uFFFD') : s);

  it('keeps it in a run error, warning and params, and in a log line as the dialect can', async () => {
    const run = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 's3-event', params: { keys: [`a\u0000b.csv`] } } })).run;
    // A queued run whose params hold the escape: the listing check reads past it.
    expect(await store.runs.hasQueuedListing('ga')).toBe(false);
    await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'webhook', params: { note: nul } } });
    expect(await store.runs.hasQueuedListing('ga')).toBe(true);
    expect(await store.runs.claimNext(limits, rev)).toMatchObject({ id: run.id, triggerParams: { keys: [`a\u0000b.csv`] } });
    expect(await store.runs.keys.addKeyToRunning(run.id, `c\u0000d.csv`)).toBe(true);
    const at = new Date().toISOString();
    await store.runs.saveProgress(run.id, { warnings: [{ at, message: nul }] });
    expect(await store.runs.finish(run.id, { ...succeeded(), status: 'failed', errors: [{ at, file: `a\u0000b.csv`, message: nul }] })).toBe(true);
    expect(await store.runs.get(run.id)).toMatchObject({
      triggerParams: { keys: [`a\u0000b.csv`, `c\u0000d.csv`] },
      errors: [{ file: `a\u0000b.csv`, message: nul }],
    });
    expect((await store.runs.outcomes([run.id])).get(run.id)).toEqual({ status: 'failed', errors: [{ at, file: `a\u0000b.csv`, message: nul }] });
    await store.runLogs.append(run.id, [{ at, level: 'error', node: 'n\u0000', file: `a\u0000b.csv`, message: nul, fields: { bytes: nul } }]);
    expect(await store.runLogs.list(run.id, { limit: 10 })).toEqual([
      { seq: 1, at, level: 'error', node: keptAsText('n\u0000'), file: keptAsText('a\u0000b.csv'), message: keptAsText(nul), fields: { bytes: nul } },
    ]);
  });
});

describe('RunLogRepository: appends at once', () => {
  it('numbers every line once when two connections append to one run', async () => {
    const other = TEST_STORE_DIALECT === 'postgres' ? await reopenTestStore(temp) : store;
    const run = (await store.runs.enqueue({ graphId: 'ga', trigger: { kind: 'manual' } })).run;
    const at = new Date().toISOString();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? other : store).runLogs.append(run.id, [
          { at, level: 'info', message: `${i}a` },
          { at, level: 'info', message: `${i}b` },
        ]),
      ),
    );
    const lines = await store.runLogs.list(run.id, { limit: 100 });
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Each append's lines are numbered together.
    for (let i = 0; i < 40; i += 2) expect(lines[i + 1]!.message).toBe(lines[i]!.message.replace('a', 'b'));
    if (other !== store) await other.close();
  });
});
