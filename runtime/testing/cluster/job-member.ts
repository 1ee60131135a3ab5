import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGraph } from '@sluice/engine';
import { connectStore, type Store } from '@sluice/store';
import { pgBossRunJobs } from '../../src/runs/pg-boss-run-jobs.ts';
import { RunService, type RunServiceOptions } from '../../src/runs/run-service.ts';

/** One "process" of a PostgreSQL store inside a test: a store connection, a job queue and a run service of its own. */
export interface JobMember {
  store: Store;
  runs: RunService;
  /** Its own data folder (temporary files of its runs). */
  dir: string;
  /** Hands its runs back to the queue and closes its store; once. */
  stop(): Promise<void>;
}

export interface JobMemberOptions extends Omit<RunServiceOptions, 'store' | 'runGraph' | 'jobs' | 'access'> {
  /** What its runs may read besides its own folder. */
  inputRoots?: string[];
  /** The job queue's attempts per run (pg-boss `retryLimit` + 1). */
  attempts?: number;
}

/**
 * Starts a member on the database at `url`, its folder a new temporary one (the caller removes
 * `dir`); runs read its folder and `inputRoots`, write its folder, and call no endpoint.
 */
export async function startJobMember(url: string, o: JobMemberOptions): Promise<JobMember> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-member-'));
  const store = await connectStore({ dataDir: dir, databaseUrl: url, maxConnections: 4 });
  const { inputRoots = [], attempts, ...service } = o;
  const jobs = await pgBossRunJobs({ url, store, pollSeconds: 0.5, monitorSeconds: 1, ...(attempts ? { attempts } : {}) });
  const runs = new RunService({
    pollMs: 50,
    ...service,
    store,
    runGraph,
    access: { inputRoots: [dir, ...inputRoots], outputRoots: [dir], allowedEndpoints: [] },
    jobs,
  });
  await runs.start();
  let stopped = false;
  return {
    store,
    runs,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await runs.stop({ requeue: true });
      await store.close();
    },
  };
}
