import type { GraphDocument } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectStore, LeaseLostError, type PgLeaseRepository, type Store } from '@sluice/store';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TickResult, TriggerScheduler } from '../triggers/trigger-scheduler.ts';
import type { LeaseObserver } from './lease-observer.ts';
import { type Leadership, startLeadership } from './leadership.ts';

// Several processes sharing one PostgreSQL store, each with its own pool and holder: one leads.

let db: TestPgDatabase;
let stores: Store[];
let leaders: Leadership[];
let schedulers: TriggerScheduler[];

beforeEach(async () => {
  db = await createTestPgDatabase();
  stores = [];
  leaders = [];
  schedulers = [];
});
afterEach(async () => {
  for (const s of schedulers) await s.stop();
  for (const l of leaders) await l.stop();
  for (const s of stores) await s.close();
  await db.drop();
});

async function process(options: { ttlMs?: number; renewMs?: number; leases?: (real: PgLeaseRepository) => PgLeaseRepository; observer?: LeaseObserver } = {}) {
  const store = await connectStore({ dataDir: mkdtempSync(join(tmpdir(), 'sluice-leader-')), databaseUrl: db.url, maxConnections: 3 });
  stores.push(store);
  const real = store.leases!;
  const leadership = await startLeadership({
    leases: options.leases?.(real) ?? real,
    ttlMs: options.ttlMs ?? 600,
    renewMs: options.renewMs ?? 100,
    observer: options.observer,
  });
  leaders.push(leadership);
  return { store, leadership };
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('leadership over a PostgreSQL store', () => {
  it('makes exactly one of three processes lead, and another take over when it steps down', async () => {
    const all = [await process(), await process(), await process()];
    await until(() => all.some((p) => p.leadership.leading()), 'a leader');
    expect(all.filter((p) => p.leadership.leading())).toHaveLength(1);
    const first = all.findIndex((p) => p.leadership.leading());
    await all[first]!.leadership.stop();
    await until(() => all.some((p, i) => i !== first && p.leadership.leading()), 'a new leader');
    expect(all.filter((p) => p.leadership.leading())).toHaveLength(1);
  });

  it('fences a leader that could not renew (paused): it stops counting itself leader, and its commit fails once another leads', async () => {
    let frozen = false;
    const paused = await process({
      // Renewals hang while frozen, as those of a process stopped with SIGSTOP or cut off from the database.
      leases: (real) =>
        Object.assign(Object.create(real) as PgLeaseRepository, {
          renew: (...args: Parameters<PgLeaseRepository['renew']>) => (frozen ? new Promise<string[]>(() => {}) : real.renew(...args)),
        }),
    });
    await until(() => paused.leadership.leading(), 'the first leader');
    const other = await process();
    frozen = true;
    await until(() => other.leadership.leading(), 'the takeover', 5000);
    expect(paused.leadership.leading()).toBe(false);
    // Work it had started as leader cannot commit.
    const g = await paused.store.graphs.create(emptyDoc());
    await expect(
      paused.store.transaction(async () => {
        await paused.leadership.fence();
        await paused.store.runs.enqueue({ graphId: g.id, trigger: { kind: 'schedule' } });
      }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect((await other.store.runs.listForGraph(g.id, 10, 0)).items).toEqual([]);
  });

  it('tells its observer when it gains the lease and when a renewal finds it lost', async () => {
    let frozen = false;
    let release: () => void = () => {};
    const changes: string[] = [];
    const paused = await process({
      // Renewals wait while frozen, then go on: the process comes back to find another leading.
      leases: (real) =>
        Object.assign(Object.create(real) as PgLeaseRepository, {
          renew: async (...args: Parameters<PgLeaseRepository['renew']>) => {
            if (frozen) await new Promise<void>((resolve) => (release = resolve));
            return real.renew(...args);
          },
        }),
      observer: { gained: (epoch) => void changes.push(`gained ${epoch}`), lost: (epoch) => void changes.push(`lost ${epoch}`) },
    });
    await until(() => paused.leadership.leading(), 'the first leader');
    expect(changes).toEqual(['gained 1']);
    const other = await process();
    frozen = true;
    await until(() => other.leadership.leading(), 'the takeover', 5000);
    frozen = false;
    release();
    await until(() => changes.length === 2, 'the loss to be noticed');
    expect(changes).toEqual(['gained 1', 'lost 1']);
  });

  it('queues each tick of a schedule once, whichever of three processes fires it', async () => {
    // Leases long enough that no renewal comes late on a loaded machine: one leader all along.
    const all = [
      await process({ ttlMs: 10_000, renewMs: 200 }),
      await process({ ttlMs: 10_000, renewMs: 200 }),
      await process({ ttlMs: 10_000, renewMs: 200 }),
    ];
    const g = await all[0]!.store.graphs.create({
      ...emptyDoc(),
      settings: { triggers: { schedule: { enabled: true, cron: '* * * * * *', timezone: 'UTC' } } },
    });
    const ticks: TickResult[][] = [[], [], []];
    for (const [i, p] of all.entries()) {
      const s = new TriggerScheduler({
        store: p.store,
        queue: { enqueue: (graphId, trigger) => p.store.runs.enqueue({ graphId, trigger: { kind: trigger.kind, params: trigger.params } }) },
        syncMs: 100,
        leadership: p.leadership,
        onTick: (t) => void ticks[i]!.push(t),
      });
      schedulers.push(s);
      await s.start();
    }
    const runs = async () => (await all[0]!.store.runs.listForGraph(g.id, 100, 0)).items;
    // Each second every process's job fires; between ticks the queued run is taken, so every tick may queue one.
    const seen = new Set<string>();
    const end = Date.now() + 3500;
    while (Date.now() < end) {
      for (const r of await runs()) {
        if (r.status === 'queued' && !seen.has(r.id)) {
          seen.add(r.id);
          await all[0]!.store.runs.cancelQueued(r.id);
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const fired = ticks.flat();
    const queuedBy = ticks.map((t) => t.filter((x) => x.runId).length);
    // Every process fired; one queued, the other two were told another process leads.
    expect(ticks.every((t) => t.length >= 3)).toBe(true);
    expect(queuedBy.filter((n) => n > 0)).toHaveLength(1);
    expect(fired.filter((t) => t.notLeader).length).toBeGreaterThanOrEqual(6);
    // One run per tick of the leader: as many runs as its ticks that queued, and no second of the
    // schedule with two runs.
    const queued = await runs();
    expect(queued.length).toBe(queuedBy.reduce((a, b) => a + b, 0));
    const seconds = queued.map((r) => Math.floor(r.queuedAt.getTime() / 1000));
    expect(new Set(seconds).size).toBe(seconds.length);
  });
});

function emptyDoc(): GraphDocument {
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'led',
    settings: {},
    nodes: { src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder: '.' } } },
    edges: [],
  };
}
