import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { expectLandedOnce } from '../../testing/cluster/expect-landed-once.ts';
import { createLandingGraph, type LandingGraph, landedFiles } from '../../testing/cluster/landing-graph.ts';
import { type ClusterProcess, ProcessCluster } from '../../testing/cluster/process-cluster.ts';
import { allSucceeded, holderOf } from '../../testing/cluster/run-holders.ts';

// Real `sluice worker` processes sharing one PostgreSQL store and one Bronze folder: a pool of two,
// then of four, lands a 2,000-file graph exactly once while other graphs keep the rest of the pool busy,
// and a worker paused (SIGSTOP) past its heartbeat, then resumed, loses its run to another worker.
// SIGKILLs at random moments are in worker-kills.process.test.ts.

const SETTINGS = {
  SLUICE_JOB_HEARTBEAT_SECONDS: '10',
  SLUICE_JOB_MONITOR_SECONDS: '1',
  // A paused worker's open transaction (it commits all the time) is ended soon, releasing the run's row.
  SLUICE_DB_IDLE_IN_TRANSACTION_SECONDS: '5',
};

/** Holds the checkpoint of one of the graph's files (an uncommitted row of its key): the commit that records the file waits. */
const holdCheckpoint = (c: ProcessCluster, g: LandingGraph, key: string) =>
  c.db.holding(
    `insert into checkpoints (graph_id, source_node, key, size, fingerprint, status, run_id, first_seen_at, updated_at)
     values ($1, 'src', $2, 0, 'held', 'processed', 'held', now(), now())`,
    [g.id, key],
  );

/** Whether a worker's commit waits to record a checkpoint (one `holdCheckpoint` holds). */
const commitWaiting = async (c: ProcessCluster) => {
  const [w] = await c.db.rows<{ n: string }>(
    `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%"checkpoints"%'`,
  );
  return Number(w!.n) > 0;
};

let cluster: ProcessCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

describe('sluice worker processes on one PostgreSQL store (real processes, real pg-boss)', () => {
  it('a pool of 2 workers, then of 4, lands a 2,000-file graph exactly once each time, other graphs running beside it', async () => {
    const c = (cluster = await ProcessCluster.start(SETTINGS));
    const workers: ClusterProcess[] = [];
    for (const size of [2, 4]) {
      // Larger commits than the kill tests: here the number of files is the point, not where a kill falls.
      const big = await createLandingGraph(c, `big${size}`, 2000, { batchFiles: 25 });
      const graphs = [big];
      for (let i = 1; i < size; i++) graphs.push(await createLandingGraph(c, `beside${size}-${i}`, 80, { batchFiles: 5 }));
      while (workers.length < size) workers.push(c.worker(`w${workers.length}`));
      await c.started(workers);
      const runs = await c.queueRuns(graphs);
      // Every worker takes a run: each graph's run is one job, and a worker runs one at a time.
      await c.until(() => runs.every((id) => holderOf(c, id, 1)), `each of ${size} workers to take a run`, 60_000);
      expect(new Set(runs.map((id) => holderOf(c, id, 1))).size).toBe(size);
      await c.until(() => allSucceeded(c, runs), 'the runs to succeed', 120_000);
      for (const g of graphs) await expectLandedOnce(c, g);
      expect(await landedFiles(c, big)).toBe(2000);
    }
  });

  it('two graphs landing into one table run at once on two workers, their commits interleaved, every row of both once', async () => {
    const c = (cluster = await ProcessCluster.start(SETTINGS));
    const graphs = [
      await createLandingGraph(c, 'left', 300, { batchFiles: 3, table: 'shared' }),
      await createLandingGraph(c, 'right', 300, { batchFiles: 3, table: 'shared' }),
    ];
    const workers = [c.worker('a'), c.worker('b')];
    await c.started(workers);
    const runs = await c.queueRuns(graphs);
    await c.until(() => allSucceeded(c, runs), 'the runs to succeed', 120_000);
    expect(new Set(runs.map((id) => holderOf(c, id, 1))).size).toBe(2);
    // One table: the rows of both graphs, each once, and no part the manifest does not list.
    await expectLandedOnce(c, graphs);
    const [left, right] = graphs as [LandingGraph, LandingGraph];
    // Neither waited for the other's run to end: their commits came in turns, one graph's among the other's.
    const span = async (g: LandingGraph) => {
      const [r] = await c.db.rows<{ first: Date; last: Date }>(
        `select min(created_at) as first, max(created_at) as last from bronze_parts where graph_id = $1`,
        [g.id],
      );
      return { first: new Date(r!.first).getTime(), last: new Date(r!.last).getTime() };
    };
    const [l, r] = [await span(left), await span(right)];
    expect(l.first < r.last && r.first < l.last, `commits of left ${JSON.stringify(l)} and right ${JSON.stringify(r)} overlap`).toBe(true);
  });

  it('a worker paused by SIGSTOP past its heartbeat, then resumed, cannot commit: the run is the other worker’s, every row once', async () => {
    const c = (cluster = await ProcessCluster.start(SETTINGS));
    const g = await createLandingGraph(c, 'paused', 300, { batchFiles: 3 });
    // The first worker is paused inside a commit: the checkpoint of f00030.csv is held (an
    // uncommitted row of its key), so the commit recording it waits with its parts written, and the
    // run cannot end in the moment before the pause (a fast machine lands all 300 files in one).
    let held = await holdCheckpoint(c, g, 'f00030.csv');
    const workers = [c.worker('a'), c.worker('b')];
    await c.started(workers);
    const { run } = await c.queue.enqueue(g.id, { kind: 'manual' });
    const first = await c.until(() => holderOf(c, run.id, 1), 'a worker to take the run', 60_000);
    // Another run of the graph waits behind it. Once the paused worker's job is up for retry this
    // one's job is offered first: taken and held while the graph is at its limit, it would keep the
    // retried job from every worker, and the run from ever being taken over.
    const next = (await c.queue.enqueue(g.id, { kind: 'manual' })).run;
    await c.until(() => commitWaiting(c), 'the first worker to wait in a commit', 60_000);
    first.child.kill('SIGSTOP');
    await held.release();
    // Held again (once the paused worker's transaction is ended by the server): the other worker,
    // having taken the run over, writes the paused one's batch again, and its commit waits in turn.
    held = await holdCheckpoint(c, g, 'f00030.csv');
    const second = await c.until(() => holderOf(c, run.id, 2), 'the other worker to take the run over', 60_000);
    expect(second).not.toBe(first);
    await c.until(() => commitWaiting(c), 'the other worker to wait in a commit', 60_000);
    // Resumed now, the first worker's commit fails (the server ended its transaction) and it removes
    // the parts it wrote while the other's wait to be committed: each writer's part names are its own
    // (part-name.ts), so it touches none of those. It is given a few seconds for that before the
    // other's commit goes on; its own next commit then waits behind the other's.
    first.child.kill('SIGCONT');
    await sleep(3000);
    await held.release();
    await c.until(
      () => /another worker took it over|was taken over by another worker|handed to another worker/.test(first.out()),
      'the resumed worker to find it lost the run',
      60_000,
    );
    await c.until(() => allSucceeded(c, [run.id]), 'the run to succeed', 120_000);
    expect(await c.store.runs.get(run.id)).toMatchObject({ attempts: 2 });
    await expectLandedOnce(c, g);
    // The run queued behind it then runs, and finds nothing new.
    await c.until(() => allSucceeded(c, [next.id]), 'the run queued behind it', 120_000);
    expect(await c.store.runs.get(next.id)).toMatchObject({ files: { processed: 0 } });
    await expectLandedOnce(c, g);
    // The resumed worker goes on taking runs: a run it takes finds nothing new and lands nothing.
    const again = (await c.queue.enqueue(g.id, { kind: 'manual' })).run;
    await c.until(() => allSucceeded(c, [again.id]), 'the second run', 120_000);
    expect(await c.store.runs.get(again.id)).toMatchObject({ files: { processed: 0 } });
    await expectLandedOnce(c, g);
    // Each writer of the table was known through the store's leases (every worker sees them): its
    // name is forgotten at its close, or by the clean-up that found it gone. Once every run has
    // ended (the resumed worker's too, closing its lost one), none is left.
    const writers = () => c.db.rows(`select name from leases where starts_with(name, $1)`, [`bronze-writer ${g.tableUri} `]);
    await c
      .until(async () => (await writers()).length === 0, 'every writer lease of the table to be forgotten', 30_000)
      .catch(async (err) => {
        throw new Error(`${(err as Error).message}: ${JSON.stringify(await writers())}`);
      });
  });
});
