import { rmSync } from 'node:fs';
import { definePlugin, type GraphDocument } from '@sluice/sdk';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PluginRegistry } from '@sluice/engine';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import { type JobMember, startJobMember } from '../../testing/cluster/job-member.ts';
import type { RunObserver } from './run-observer.ts';

// RunService on a PostgreSQL store with the pg-boss job queue, as several processes share it: each
// "process" here is a store and a service of its own on one database (the real `sluice worker`
// processes are in runtime/src/cluster/*.process.test.ts: SIGSTOP in workers.process.test.ts, SIGKILLs in worker-kills.process.test.ts).

/** What the `note-run` nodes saw: every execution, and how many runs of each graph ran at once. */
const executions: { runId: string; graphId: string; worker: string }[] = [];
const runningNow = new Map<string, number>();
let mostAtOnce = 0;
/** Runs of `hold` nodes wait until this is set (or their signal aborts). */
let released = false;

const noteRun = definePlugin({
  type: 'note-run',
  version: 1,
  category: 'source',
  title: 'Note run',
  description: 'Records that the run executed, holds it a moment',
  config: z.strictObject({ worker: z.string(), hold: z.boolean().default(false) }),
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(config, _input, ctx) {
    executions.push({ runId: ctx.runId, graphId: ctx.graphId, worker: config.worker });
    const n = (runningNow.get(ctx.graphId) ?? 0) + 1;
    runningNow.set(ctx.graphId, n);
    mostAtOnce = Math.max(mostAtOnce, n);
    try {
      const until = Date.now() + (config.hold ? 60_000 : 150);
      while (Date.now() < until && !ctx.signal.aborted && !(config.hold && released)) await new Promise((r) => setTimeout(r, 20));
    } finally {
      runningNow.set(ctx.graphId, (runningNow.get(ctx.graphId) ?? 1) - 1);
    }
  },
});

const graph = (name: string, hold = false): GraphDocument => ({
  format: 'sluice-graph',
  version: 1,
  name,
  nodes: { n: { type: 'note-run', typeVersion: 1, position: { x: 0, y: 0 }, config: { worker: 'any', hold } } },
  edges: [],
});

let registry: PluginRegistry;
beforeAll(async () => {
  registry = (await installedPlugins()).extend([noteRun]);
});

const open: { members: JobMember[]; db?: TestPgDatabase; dirs: string[] } = { members: [], dirs: [] };
afterEach(async () => {
  for (const m of open.members.splice(0)) await m.stop();
  await open.db?.drop();
  open.db = undefined;
  for (const d of open.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  executions.length = 0;
  runningNow.clear();
  mostAtOnce = 0;
  released = false;
});

async function database(): Promise<TestPgDatabase> {
  open.db = await createTestPgDatabase();
  return open.db;
}

/** A process of the store: its own store connection, job queue and run service. */
async function member(db: TestPgDatabase, concurrency: { global: number; perGraph: number }, attempts?: number, observer?: RunObserver): Promise<JobMember> {
  const m = await startJobMember(db.url, { registry, concurrency, ...(attempts ? { attempts } : {}), ...(observer ? { observer } : {}) });
  open.dirs.push(m.dir);
  open.members.push(m);
  return m;
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('RunService with the pg-boss job queue (PostgreSQL)', () => {
  it('two processes run every queued run exactly once, one run per graph at a time', async () => {
    const db = await database();
    const a = await member(db, { global: 2, perGraph: 1 });
    const b = await member(db, { global: 2, perGraph: 1 });
    const graphs = [];
    for (const name of ['g1', 'g2', 'g3']) graphs.push(await a.store.graphs.create(graph(name)));
    const queued: string[] = [];
    // Queued from both processes, five runs per graph.
    for (let i = 0; i < 5; i++) for (const g of graphs) queued.push((await (i % 2 ? a : b).runs.enqueue(g.id, { kind: 'manual' })).run.id);
    await until(async () => {
      const counts = await a.store.runs.countByStatus();
      return (counts.succeeded ?? 0) === queued.length;
    }, 'every run to succeed');
    expect(executions.map((e) => e.runId).sort()).toEqual([...queued].sort());
    expect(mostAtOnce).toBe(1);
    for (const id of queued) expect(await a.store.runs.get(id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('sends no job for a run queued in a transaction that rolls back', async () => {
    const db = await database();
    const a = await member(db, { global: 2, perGraph: 1 });
    const g = await a.store.graphs.create(graph('g'));
    let ghost = '';
    await expect(
      a.store.transaction(async () => {
        ghost = (await a.runs.enqueue(g.id, { kind: 'manual' })).run.id;
        throw new Error('the trigger failed after queueing');
      }),
    ).rejects.toThrow('the trigger failed');
    const kept = (await a.runs.enqueue(g.id, { kind: 'manual' })).run.id;
    await until(async () => (await a.store.runs.get(kept))?.status === 'succeeded', 'the committed run');
    expect(await a.store.runs.get(ghost)).toBeUndefined();
    const jobs = await db.rows<{ n: string }>(`select count(*) as n from pgboss.job where name = 'sluice-runs'`);
    expect(Number(jobs[0]!.n)).toBe(1);
    expect(executions.map((e) => e.runId)).toEqual([kept]);
  });

  it('hands a run back when its process stops, and another process runs it at the next epoch', async () => {
    const db = await database();
    const a = await member(db, { global: 1, perGraph: 1 });
    const g = await a.store.graphs.create(graph('held', true));
    const { run } = await a.runs.enqueue(g.id, { kind: 'manual' });
    await until(() => executions.length === 1, 'the run to start on the first process');
    const b = await member(db, { global: 1, perGraph: 1 });
    await a.stop();
    await until(() => executions.length === 2, 'the second process to take the run', 30_000);
    released = true;
    await until(async () => (await b.store.runs.get(run.id))?.status === 'succeeded', 'the run to finish');
    expect(await b.store.runs.get(run.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('tells its observer of a run it lost to another worker, and does not count it finished here', async () => {
    const db = await database();
    const heard: string[] = [];
    const observer: RunObserver = {
      claimed: () => heard.push('claimed'),
      finished: (_run, outcome) => heard.push(`finished ${typeof outcome === 'string' ? outcome : outcome.status}`),
      lost: () => heard.push('lost'),
    };
    const a = await member(db, { global: 1, perGraph: 1 }, undefined, observer);
    const g = await a.store.graphs.create(graph('lost', true));
    const { run } = await a.runs.enqueue(g.id, { kind: 'manual' });
    await until(() => executions.length === 1, 'the run to start');
    // Another worker takes the run over (as when this one was paused past its heartbeat): the next epoch.
    const other = await member(db, { global: 0, perGraph: 1 });
    const claim = await other.store.runs.claimForJob(run.id, 1, async () => g.revision);
    expect(claim).toMatchObject({ run: { attempts: 2 } });
    released = true;
    await until(() => heard.length === 2, 'the first worker to end its attempt');
    expect(heard).toEqual(['claimed', 'lost']);
    expect(await a.store.runs.get(run.id)).toMatchObject({ status: 'running', attempts: 2 });
  });

  it('does not hold a job while its graph is at its limit: the job of the run it waits for, due later, still reaches a worker', async () => {
    const db = await database();
    const api = await member(db, { global: 0, perGraph: 1 });
    const g = await api.store.graphs.create(graph('g'));
    // X is running for a worker that is gone, and its job waits for its retry (due in 2 s): as
    // when the queue found that worker's heartbeat stopped. Y is queued behind it.
    const x = (await api.runs.enqueue(g.id, { kind: 'manual' })).run.id;
    expect(await api.store.runs.claimForJob(x, 1, () => g.revision)).toMatchObject({ run: { attempts: 1 } });
    await db.rows(`update pgboss.job set start_after = now() + interval '2 seconds' where data->>'runId' = $1`, [x]);
    const y = (await api.runs.enqueue(g.id, { kind: 'manual' })).run.id;
    // The worker is offered Y first and finds the graph at its limit. Held meanwhile, Y's job would
    // keep X's from every worker (one job of a graph at a time), and neither run would ever end.
    await member(db, { global: 1, perGraph: 1 });
    await until(async () => (await api.store.runs.countByStatus()).succeeded === 2, 'both runs to end', 30_000);
    expect(executions.map((e) => e.runId)).toEqual([x, y]);
    expect(await api.store.runs.get(x)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await api.store.runs.get(y)).toMatchObject({ status: 'succeeded', attempts: 1 });
    // Every job of the two runs ended completed, Y's put-back ones too (that a put-back sends one job: pg-boss-run-jobs.test.ts).
    const jobs = await db.rows<{ run: string; state: string }>(
      `select data->>'runId' as run, state from pgboss.job where name = 'sluice-runs' order by created_on`,
    );
    expect(jobs.filter((j) => j.state !== 'completed' || ![x, y].includes(j.run))).toEqual([]);
  });

  it('cancels a run another process executes: the API process asks, the worker stops it', async () => {
    const db = await database();
    const api = await member(db, { global: 0, perGraph: 1 });
    const worker = await member(db, { global: 1, perGraph: 1 });
    const g = await api.store.graphs.create(graph('held', true));
    const { run } = await api.runs.enqueue(g.id, { kind: 'manual' });
    await until(() => executions.length === 1, 'the worker to start the run');
    expect(api.runs.isActive(run.id)).toBe(false);
    expect(await api.runs.cancel(run.id)).toBe('cancelling');
    await until(async () => (await api.store.runs.get(run.id))?.status === 'cancelled', 'the worker to stop the run', 30_000);
    expect(await api.store.runs.get(run.id)).toMatchObject({ attempts: 1 });
    expect(await api.runs.cancel(run.id)).toBe('finished');
    expect(worker.runs.isActive(run.id)).toBe(false);
  });

  it('lists the processes sharing the store, with their share of the runs, and leaves out one that stopped', async () => {
    const db = await database();
    const a = await member(db, { global: 2, perGraph: 1 });
    const b = await member(db, { global: 3, perGraph: 1 });
    // Each process tells the registry what it works every 10 s: the second tells it at its next heartbeat.
    let listed = await a.runs.processes();
    await until(
      async () => {
        listed = await a.runs.processes();
        return (
          listed
            .map((p) => p.concurrency)
            .sort()
            .join() === '2,3'
        );
      },
      'both processes to show their share',
      30_000,
    );
    expect(listed).toHaveLength(2);
    expect(listed.every((p) => p.live && p.pid === process.pid)).toBe(true);
    expect(listed.map((p) => p.concurrency).sort()).toEqual([2, 3]);
    await b.stop();
    expect((await a.runs.processes()).map((p) => p.concurrency)).toEqual([2]);
  });

  it('records a run failed, saying why, once its job has run out of attempts', async () => {
    const db = await database();
    const a = await member(db, { global: 1, perGraph: 1 }, 1);
    const g = await a.store.graphs.create(graph('held', true));
    const { run } = await a.runs.enqueue(g.id, { kind: 'manual' });
    await until(() => executions.length === 1, 'the run to start');
    const b = await member(db, { global: 1, perGraph: 1 }, 1);
    await a.stop();
    await until(async () => (await b.store.runs.get(run.id))?.status === 'failed', 'the run to be given up', 60_000);
    const row = (await b.store.runs.get(run.id))!;
    expect(row.errors.at(-1)?.message).toMatch(/^given up after 1 attempts: each worker that took the run stopped before it ended/);
    expect(executions).toHaveLength(1);
  });
});
