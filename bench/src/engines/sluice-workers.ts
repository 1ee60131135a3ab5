import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { installedPlugins, startRuns } from '@sluice/runtime';
import { isFinishedRunStatus } from '@sluice/sdk/wire';
import { connectStore, type RunRow, type Store } from '@sluice/store';
import type { BenchJob, EngineRun } from './bench-job.ts';
import { benchPostgresStore } from './postgres-store.ts';
import { runSummary } from './sluice-engine.ts';
import { sluiceGraph } from './sluice-graph.ts';
import { startWorkerProcesses } from './worker-processes.ts';

export interface SluiceWorkersOptions {
  /** How many `sluice worker` processes take the run from the queue. */
  workers: number;
  bronzeRoot: string;
  /** Folder for the processes' data folders. */
  workDir: string;
}

/**
 * Runs the job through a PostgreSQL store as a deployment with `sluice serve --workers 0` does: a
 * fresh database, `workers` `sluice worker` processes already taking runs, and this process queueing
 * one run of the benchmark's graph (a run service executing none). Timed from the run queued to its
 * end as the store records it; CPU is the workers' (the database server's is not counted); peak RSS
 * the largest worker's. One run is one worker's work: the others wait, as nothing splits a run's
 * files over workers yet.
 */
export async function runSluiceWorkers(job: BenchJob, opts: SluiceWorkersOptions): Promise<EngineRun> {
  await mkdir(opts.bronzeRoot, { recursive: true });
  const pg = await benchPostgresStore({ ...process.env, SLUICE_ALLOWED_ROOTS: job.folder, SLUICE_OUTPUT_ROOTS: opts.bronzeRoot, SLUICE_LOG_LEVEL: 'warn' });
  const env = pg.env;
  let store: Store | undefined;
  let stopWorkers = async () => {};
  try {
    store = await connectStore({ dataDir: join(opts.workDir, 'queue'), env });
    const workers = await startWorkerProcesses(opts.workers, env, opts.workDir);
    stopWorkers = workers.stop;
    const graph = await store.graphs.create(sluiceGraph(job, opts.bronzeRoot));
    const queue = await startRuns({
      store,
      registry: await installedPlugins(),
      access: { inputRoots: [job.folder], outputRoots: [opts.bronzeRoot], allowedEndpoints: [] },
      concurrency: { global: 0 },
      env,
      log: () => {},
    });
    let run: RunRow;
    const cpuBefore = await workers.cpuSeconds();
    const t0 = performance.now();
    try {
      run = await ended(store, (await queue.enqueue(graph.id, { kind: 'manual' })).run.id);
    } finally {
      await queue.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = (await workers.cpuSeconds()) - cpuBefore;
    const peakRss = await workers.peakRss();
    const summary = runSummary(run);
    if (summary.status !== 'succeeded') throw new Error(`the run ${summary.status}: ${summary.errors.map((e) => e.message).join('; ')}`);
    const jobSeconds = (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000;
    return { engine: 'sluice', seconds, peakRss, cpuSeconds, output: `${opts.bronzeRoot}/**/*.parquet`, jobSeconds, summary, load1: loadavg()[0] };
  } finally {
    await stopWorkers();
    await store?.close();
    await pg.db.drop();
  }
}

const RUN_WITHIN_MS = 1_800_000;

/** The run once it has ended, polled every 20 ms. */
async function ended(store: Store, id: string): Promise<RunRow> {
  const end = Date.now() + RUN_WITHIN_MS;
  for (;;) {
    const run = await store.runs.get(id);
    if (run && isFinishedRunStatus(run.status)) return run;
    if (Date.now() > end) throw new Error(`the run did not end within ${RUN_WITHIN_MS / 60_000} minutes (${run?.status ?? 'not found'})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
