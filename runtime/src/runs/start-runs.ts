import type { RunAccess } from '@sluice/sdk';
import { type PluginRegistry, runGraph } from '@sluice/engine';
import type { Store } from '@sluice/store';
import { runKeyFacts } from '../triggers/bucket-events/run-key-facts.ts';
import { pgBossRunJobs } from './pg-boss-run-jobs.ts';
import { RunService } from './run-service.ts';

export interface StartRunsOptions {
  store: Store;
  registry: PluginRegistry;
  access: RunAccess;
  /** Runs this process executes at once (0: none, with a job queue only) and per graph. */
  concurrency?: { global?: number; perGraph?: number };
  /** Settings: SLUICE_DATABASE_URL, and the job queue's SLUICE_JOB_HEARTBEAT_SECONDS / SLUICE_JOB_MONITOR_SECONDS. */
  env: Readonly<Record<string, string | undefined>>;
  log: (message: string) => void;
}

/**
 * The run service of `sluice serve` and `sluice worker`, started: on a PostgreSQL store it takes its
 * runs from the job queue that every process of the store shares (pg-boss); on SQLite from the
 * store's run table, as the one process the data folder's lock allows.
 */
export async function startRuns(o: StartRunsOptions): Promise<RunService> {
  const { store, env, log } = o;
  if ((o.concurrency?.global ?? 2) === 0 && store.dialect !== 'postgres') {
    throw new Error('--workers 0 needs a PostgreSQL store (SLUICE_DATABASE_URL), where `sluice worker` processes run the runs');
  }
  const jobs =
    store.dialect === 'postgres'
      ? await pgBossRunJobs({
          url: env.SLUICE_DATABASE_URL ?? '',
          store,
          log,
          heartbeatSeconds: secondsOf(env, 'SLUICE_JOB_HEARTBEAT_SECONDS', 10),
          monitorSeconds: secondsOf(env, 'SLUICE_JOB_MONITOR_SECONDS', 1),
        })
      : undefined;
  const runs = new RunService({
    store,
    registry: o.registry,
    runGraph,
    access: o.access,
    concurrency: o.concurrency,
    log,
    onKeysTaken: (runId, takenAt) => store.bucketEvents.markPicked(runId, takenAt),
    keyFactsOf: async (runId) => runKeyFacts(await store.bucketEvents.versionsOfRun(runId)),
    ...(jobs ? { jobs } : {}),
  });
  await runs.start();
  return runs;
}

/** A whole number of seconds from the environment, at least `min`; undefined when unset (the queue's default). */
function secondsOf(env: StartRunsOptions['env'], name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > 86_400) throw new Error(`${name}: "${raw}" must be a whole number of seconds from ${min} to 86400`);
  return n;
}
