import type { RunAccess, SharedHolds } from '@sluice/sdk';
import { type PluginRegistry, runGraph } from '@sluice/engine';
import type { Store } from '@sluice/store';
import { leaseHolds } from '../cluster/lease-holds.ts';
import { S3_EVENT_TRIGGER } from '../triggers/bucket-events/bucket-event-intake.ts';
import { runKeyFacts } from '../triggers/bucket-events/run-key-facts.ts';
import { triggerConfigFromEnv } from '../triggers/trigger-config.ts';
import { pgBossRunJobs } from './pg-boss-run-jobs.ts';
import type { RunObserver } from './run-observer.ts';
import { RunService } from './run-service.ts';

export interface StartRunsOptions {
  store: Store;
  registry: PluginRegistry;
  access: RunAccess;
  /** The store's shared holds (cluster/lease-holds.ts), on PostgreSQL. */
  holds?: SharedHolds;
  /** Runs this process executes at once (0: none, with a job queue only) and per graph. */
  concurrency?: { global?: number; perGraph?: number };
  /** Settings: SLUICE_DATABASE_URL, and the job queue's SLUICE_JOB_HEARTBEAT_SECONDS / SLUICE_JOB_MONITOR_SECONDS. */
  env: Readonly<Record<string, string | undefined>>;
  log: (message: string) => void;
  /** What this process is among the store's processes (GET /api/workers); default `serve`. */
  role?: 'serve' | 'worker';
  /** Told of every claim and end of a run here (the metrics). */
  observer?: RunObserver;
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
          role: o.role ?? 'serve',
          heartbeatSeconds: secondsOf(env, 'SLUICE_JOB_HEARTBEAT_SECONDS', 10),
          monitorSeconds: secondsOf(env, 'SLUICE_JOB_MONITOR_SECONDS', 1),
        })
      : undefined;
  const runs = new RunService({
    store,
    registry: o.registry,
    runGraph,
    access: o.access,
    ...(o.holds ? { holds: o.holds } : {}),
    concurrency: o.concurrency,
    log,
    onKeysTaken: (runId, takenAt) => store.bucketEvents.markPicked(runId, takenAt),
    keyFactsOf: async (runId, keys) => runKeyFacts(await store.bucketEvents.versionsOfRun(runId, keys)),
    joinQueued: { kind: S3_EVENT_TRIGGER, maxKeys: triggerConfigFromEnv(env as NodeJS.ProcessEnv).maxKeysPerRun },
    ...(jobs ? { jobs } : {}),
    ...(o.observer ? { observer: o.observer } : {}),
  });
  await runs.start();
  return runs;
}

/**
 * The holds every process of a PostgreSQL store respects (a Bronze table's writer), undefined on
 * SQLite. A hold lasts as long as a job's heartbeat (SLUICE_JOB_HEARTBEAT_SECONDS, default 30 s):
 * a worker that lost its run by going quiet has lost its holds by the time another takes the run.
 */
export function sharedHoldsOf(store: Store, env: StartRunsOptions['env'], log: (message: string) => void): SharedHolds | undefined {
  if (!store.leases) return undefined;
  return leaseHolds(store.leases, { log, ttlMs: (secondsOf(env, 'SLUICE_JOB_HEARTBEAT_SECONDS', 10) ?? 30) * 1000 });
}

/** A whole number of seconds from the environment, at least `min`; undefined when unset (the queue's default). */
function secondsOf(env: StartRunsOptions['env'], name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > 86_400) throw new Error(`${name}: "${raw}" must be a whole number of seconds from ${min} to 86400`);
  return n;
}
