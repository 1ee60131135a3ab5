import { type Db, type Job, PgBoss } from 'pg-boss';
import { errorMessage } from '@sluice/sdk';
import { type Store, withoutPassword } from '@sluice/store';
import type { RunJobs } from './run-jobs.ts';

/** The queue of run jobs, and where a job goes once its attempts are spent. */
export const RUN_QUEUE = 'sluice-runs';
export const RUN_DEAD_LETTERS = 'sluice-runs-given-up';

export interface PgBossRunJobsOptions {
  /** The store's PostgreSQL URL (SLUICE_DATABASE_URL): pg-boss keeps its tables in the schema `pgboss` there. */
  url: string;
  store: Store;
  /**
   * How long a worker may go without a heartbeat before its job is handed to another worker
   * (seconds, at least 10; default 30). A worker that is paused or cut off this long loses its run:
   * detection takes this plus up to `monitorSeconds`.
   */
  heartbeatSeconds?: number;
  /** How often each process looks for jobs whose heartbeat stopped (seconds; default 10). */
  monitorSeconds?: number;
  /** How long one run may take at most (seconds; default one day): past it the attempt is given up and retried. */
  maxRunSeconds?: number;
  /** How many times a run's job is handed out at most (default 20): past it the run is recorded failed. */
  attempts?: number;
  /**
   * How often an idle worker asks for a job (seconds; default 2). A new job wakes workers at once
   * (LISTEN/NOTIFY); a job held back while its graph was at its limit waits for this poll.
   */
  pollSeconds?: number;
  /** What this process is in the registry of processes (`serve`, `worker`). */
  role?: string;
  log?: (message: string) => void;
}

/**
 * The run queue of a PostgreSQL store on pg-boss (Postgres only, so that a run's job is sent in
 * the transaction that records the run; SKIP LOCKED claims; heartbeats; retries with backoff; dead
 * letters). Each job names a run; `RunService` claims the run's row when a job arrives, with the
 * epoch that fences whatever a worker that lost the job still tries to commit.
 */
export async function pgBossRunJobs(o: PgBossRunJobsOptions): Promise<RunJobs> {
  const boss = new PgBoss({
    connectionString: o.url,
    max: 4,
    application_name: 'sluice-jobs',
    useListenNotify: true,
    monitorIntervalSeconds: o.monitorSeconds ?? 10,
    superviseIntervalSeconds: o.monitorSeconds ?? 10,
    // Sluice's schedules have their own leader (runtime/src/cluster); pg-boss's cron is not used.
    schedule: false,
    // The registry of processes (GET /api/workers): every process records itself, heard every 10 s.
    instanceName: o.role ?? 'worker',
    instanceHeartbeatSeconds: 10,
  });
  // pg-boss reports trouble as events; an unheard `error` event would end the process.
  boss.on('error', (err) => o.log?.(`job queue: ${withoutPassword(errorMessage(err), o.url)}`));
  try {
    await boss.start();
    await ensureQueues(boss, o);
  } catch (err) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw new Error(`cannot start the job queue on the PostgreSQL store: ${withoutPassword(errorMessage(err), o.url)}`);
  }
  const pollingIntervalSeconds = o.pollSeconds ?? 2;
  return {
    async send(run) {
      // In the caller's store transaction: the job commits with its run, or not at all.
      await boss.send(RUN_QUEUE, { runId: run.id }, { db: storeDb(o.store), group: { id: run.graphId } });
    },
    async work({ concurrency, perGraph, laterMs, run, givenUp }) {
      // groupConcurrency keeps most jobs of a busy graph in the queue; RunService's claim holds the limit exactly.
      await boss.work<{ runId: string }>(
        RUN_QUEUE,
        { localConcurrency: concurrency, groupConcurrency: perGraph, pollingIntervalSeconds, notifyPollingIntervalSeconds: pollingIntervalSeconds },
        async ([job]) => {
          if (job && (await run(job.data.runId, job.signal)) === 'later') await putBack(boss, o.store, job, laterMs);
        },
      );
      await boss.work<{ runId: string }>(RUN_DEAD_LETTERS, { pollingIntervalSeconds: 2, includeMetadata: true }, async ([job]) => {
        if (job) await givenUp(job.data.runId, job.retryCount + 1);
      });
    },
    async processes() {
      const instances = await boss.getInstances({ limit: 1000 });
      return instances
        .filter((i) => i.live || (i.stoppedOn === null && Date.now() - new Date(i.heartbeatOn).getTime() < 3_600_000))
        .map((i) => {
          const runs = i.workers.filter((w) => w.queue === RUN_QUEUE);
          return {
            role: i.name ?? 'worker',
            host: i.host,
            pid: i.pid,
            live: i.live,
            startedAt: new Date(i.startedOn).toISOString(),
            lastSeenAt: new Date(i.heartbeatOn).toISOString(),
            concurrency: runs.reduce((n, w) => n + w.localConcurrency, 0),
            running: runs.reduce((n, w) => n + w.active, 0),
            rss: i.metrics?.rss ?? null,
          };
        })
        .sort((a, b) => Number(b.live) - Number(a.live) || a.host.localeCompare(b.host) || a.pid - b.pid);
    },
    async stopTaking() {
      await boss.offWork(RUN_QUEUE, { wait: false });
      await boss.offWork(RUN_DEAD_LETTERS, { wait: false });
    },
    async stop(timeoutMs) {
      await boss.stop({ graceful: true, timeout: timeoutMs });
    },
  };
}

/**
 * Puts a job back to be taken again in `laterMs`: in one store transaction, this attempt is
 * completed and a job for the same run and graph is sent, starting then. Nothing changes when the
 * attempt is no longer this worker's (the queue retried it meanwhile), so a run never has two jobs.
 */
async function putBack(boss: PgBoss, store: Store, job: Job<{ runId: string }>, laterMs: number): Promise<void> {
  const db = storeDb(store);
  await store.transaction(async () => {
    const done = (await boss.complete(RUN_QUEUE, { id: job.id, retryCount: job.retryCount }, null, { db })) as { affected?: number };
    if (!done.affected) return;
    await boss.send(RUN_QUEUE, job.data, {
      db,
      startAfter: new Date(Date.now() + laterMs),
      ...(job.groupId ? { group: { id: job.groupId } } : {}),
    });
  });
}

/** pg-boss's statements through the store's connection: in the calling context's store transaction, if any. */
function storeDb(store: Store): Db {
  const query = store.pgQuery;
  if (!query) throw new Error('the job queue needs a PostgreSQL store');
  return { executeSql: (text, values) => query(text, values ?? []) };
}

/** Creates the queues on first use (every process asks; the first makes them) with their retry and heartbeat settings. */
async function ensureQueues(boss: PgBoss, o: PgBossRunJobsOptions): Promise<void> {
  if (!(await boss.getQueue(RUN_DEAD_LETTERS))) await boss.createQueue(RUN_DEAD_LETTERS, { retryLimit: 5, retryBackoff: true }).catch(existed);
  const settings = {
    heartbeatSeconds: Math.max(10, o.heartbeatSeconds ?? 30),
    expireInSeconds: o.maxRunSeconds ?? 86_400,
    retryLimit: Math.max(0, (o.attempts ?? 20) - 1),
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
    deadLetter: RUN_DEAD_LETTERS,
    notify: true,
  };
  if (!(await boss.getQueue(RUN_QUEUE))) await boss.createQueue(RUN_QUEUE, settings).catch(existed);
  else {
    const { heartbeatSeconds: _fixed, ...changeable } = settings;
    await boss.updateQueue(RUN_QUEUE, changeable);
  }
}

/** Another process created the queue between our look and our create: fine. */
function existed(err: unknown): void {
  if (!/already exists|duplicate key/i.test(errorMessage(err))) throw err;
}
