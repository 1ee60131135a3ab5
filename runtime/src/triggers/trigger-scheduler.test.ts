import type { GraphDocument, TriggerSettings } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import type { RunQueue } from './run-queue.ts';
import { type TickResult, TriggerScheduler } from './trigger-scheduler.ts';

let temp: TempStore;
let scheduler: TriggerScheduler | undefined;
let ticks: TickResult[];

/** The store's own queue, without a worker: what the ticks queue stays visible. */
const queueOf = (t: TempStore): RunQueue => ({
  enqueue: (graphId, trigger) => t.store.runs.enqueue({ graphId, trigger: { kind: trigger.kind, params: trigger.params } }),
});

function timed(triggers: TriggerSettings): GraphDocument {
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'timed',
    settings: { triggers },
    nodes: { src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder: '.' } } },
    edges: [],
  };
}

async function start(syncMs = 100) {
  ticks = [];
  scheduler = new TriggerScheduler({ store: temp.store, queue: queueOf(temp), syncMs, onTick: (t) => ticks.push(t) });
  await scheduler.start();
  return scheduler;
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const queued = async (graphId: string) => (await temp.store.runs.listForGraph(graphId, 100, 0)).items;

beforeEach(async () => {
  temp = await openTestStore('sluice-scheduler-');
});
afterEach(async () => {
  await scheduler?.stop();
  await temp.dispose();
});

describe('TriggerScheduler', () => {
  it('polls every N seconds through the queue and never piles up listing runs', async () => {
    const g = await temp.store.graphs.create(timed({ poll: { enabled: true, everySeconds: 1 } }));
    await start();
    await until(() => ticks.length >= 3, 'three poll ticks', 5000);
    expect(ticks[0]).toMatchObject({ graphId: g.id, kind: 'poll', runId: expect.any(String) });
    // No worker took the first run: the later ticks found it waiting and added none.
    expect(ticks.slice(1).every((t) => t.runId === undefined)).toBe(true);
    expect(await queued(g.id)).toMatchObject([{ status: 'queued', triggerKind: 'poll', triggerParams: {} }]);
  });

  it('fires cron schedules (with seconds) and queues backfill listings flagged as such', async () => {
    const g = await temp.store.graphs.create(timed({ schedule: { enabled: true, cron: '* * * * * *', timezone: 'Asia/Tokyo' } }));
    await start();
    await until(() => ticks.some((t) => t.kind === 'schedule'), 'a schedule tick', 3000);
    expect((await queued(g.id))[0]).toMatchObject({ triggerKind: 'schedule' });
    const s = scheduler!.scheduled().find((x) => x.kind === 'schedule')!;
    expect(new Date(s.nextAt!).getTime() - Date.now()).toBeLessThanOrEqual(1000);

    await temp.store.runs.cancelQueued((await queued(g.id))[0]!.id);
    await temp.store.graphs.update(g.id, timed({ backfill: { enabled: true, everySeconds: 3600 } }));
    await until(() => ticks.some((t) => t.kind === 'backfill'), 'the backfill tick after the edit', 3000);
    expect((await queued(g.id))[0]).toMatchObject({ status: 'queued', triggerKind: 'backfill', triggerParams: { backfill: true } });
    expect(scheduler!.scheduled().map((x) => x.kind)).toEqual(['backfill']);
  });

  it('stops a trigger when the graph disables it, and reports a cron that croner refuses', async () => {
    const g = await temp.store.graphs.create(timed({ poll: { enabled: true, everySeconds: 3600 } }));
    await start();
    expect(scheduler!.scheduled()).toMatchObject([{ graphId: g.id, kind: 'poll' }]);
    await temp.store.graphs.update(g.id, timed({ poll: { enabled: false, everySeconds: 3600 }, schedule: { enabled: true, cron: '61 * * * *' } }));
    await scheduler!.sync();
    expect(scheduler!.scheduled()).toEqual([]);
    expect(scheduler!.problemsOf(g.id)).toEqual([expect.stringMatching(/^settings\.triggers\.schedule: .*/)]);
  });

  it('starts an interval from the last run of its kind, so a restart neither skips nor doubles a tick', async () => {
    const g = await temp.store.graphs.create(timed({ backfill: { enabled: true, everySeconds: 600 } }));
    const fiveMinutesAgo = new Date(Date.now() - 300_000);
    await temp.store.runs.enqueue({ graphId: g.id, trigger: { kind: 'backfill', params: { backfill: true } } }, fiveMinutesAgo);
    await start();
    const next = new Date(scheduler!.scheduled()[0]!.nextAt!).getTime();
    expect(Math.abs(next - (fiveMinutesAgo.getTime() + 600_000))).toBeLessThan(1000);
    expect(ticks).toEqual([]);
  });
});
