import { afterEach, describe, expect, it } from 'vitest';
import { expectLandedOnce } from '../../testing/cluster/expect-landed-once.ts';
import { createLandingGraph, landedFiles } from '../../testing/cluster/landing-graph.ts';
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

  it('a worker paused by SIGSTOP past its heartbeat, then resumed, cannot commit: the run is the other worker’s, every row once', async () => {
    const c = (cluster = await ProcessCluster.start(SETTINGS));
    const g = await createLandingGraph(c, 'paused', 300, { batchFiles: 3 });
    const workers = [c.worker('a'), c.worker('b')];
    await c.started(workers);
    const { run } = await c.queue.enqueue(g.id, { kind: 'manual' });
    const first = await c.until(() => holderOf(c, run.id, 1), 'a worker to take the run', 60_000);
    await c.until(async () => (await landedFiles(c, g)) >= 30, 'some files to land', 60_000);
    first.child.kill('SIGSTOP');
    const second = await c.until(() => holderOf(c, run.id, 2), 'the other worker to take the run over', 60_000);
    expect(second).not.toBe(first);
    // Resumed while the run is the other worker's: whatever it still tries to commit is refused.
    first.child.kill('SIGCONT');
    await c.until(
      () => /another worker took it over|was taken over by another worker|handed to another worker/.test(first.out()),
      'the resumed worker to find it lost the run',
      60_000,
    );
    await c.until(() => allSucceeded(c, [run.id]), 'the run to succeed', 120_000);
    expect(await c.store.runs.get(run.id)).toMatchObject({ attempts: 2 });
    await expectLandedOnce(c, g);
    // The table was held through the store's leases (every worker sees them), taken again at the takeover.
    const [hold] = await c.db.rows<{ epoch: string }>(`select epoch from leases where name = $1`, [`bronze-table ${g.tableUri}`]);
    expect(Number(hold?.epoch)).toBeGreaterThanOrEqual(2);
    // The resumed worker goes on taking runs: a second run finds nothing new and lands nothing.
    const again = (await c.queue.enqueue(g.id, { kind: 'manual' })).run;
    await c.until(() => allSucceeded(c, [again.id]), 'the second run', 120_000);
    expect(await c.store.runs.get(again.id)).toMatchObject({ files: { processed: 0 } });
    await expectLandedOnce(c, g);
  });
});
