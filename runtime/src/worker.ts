import { closePluginThreads } from '@sluice/engine';
import { connectStore, type Store } from '@sluice/store';
import { runAccessFromEnv } from './access/run-access-from-env.ts';
import { EXAMPLES_DIR } from './cli/seed-examples.ts';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import { installedPlugins } from './plugins/installed-plugins.ts';
import type { RunService } from './runs/run-service.ts';
import { sharedHoldsOf, startRuns } from './runs/start-runs.ts';

export interface WorkerOptions {
  /** This process's own folder (temporary files of its runs; its lock keeps a second process out). */
  dataDir: string;
  pluginsDir?: string;
  /** Runs this worker executes at once (default 2), and of one graph across every process (default 1). */
  concurrency?: { global?: number; perGraph?: number };
  /** Settings: SLUICE_DATABASE_URL (required), the credentials key, the roots of runs, the job queue's timings; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  log?: (message: string) => void;
}

export interface RunningWorker {
  store: Store;
  runs: RunService;
  /** Stops taking jobs; runs in hand are cut short and handed back to the queue, for another worker. */
  close(): Promise<void>;
}

/**
 * `sluice worker`: takes runs from the job queue of a PostgreSQL store and executes them, beside
 * any number of other workers and `sluice serve` processes on this machine or others. It serves no
 * HTTP, and runs no schedules (the leader among the serve processes does).
 */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const env = opts.env ?? process.env;
  if (!env.SLUICE_DATABASE_URL) throw new Error('sluice worker needs a PostgreSQL store shared with sluice serve: set SLUICE_DATABASE_URL');
  const store = await connectStore({ dataDir: opts.dataDir, env: env as NodeJS.ProcessEnv });
  let lock: DataDirLock | undefined;
  try {
    lock = lockDataDir(opts.dataDir);
    const access = await runAccessFromEnv(env, { dataDir: opts.dataDir, examplesDir: EXAMPLES_DIR, pluginsDir: opts.pluginsDir });
    const registry = await installedPlugins({ pluginsDir: opts.pluginsDir, warn: (m) => log(`warning: ${m}`) });
    const holds = sharedHoldsOf(store, env, log);
    const runs = await startRuns({ store, registry, access, holds, concurrency: opts.concurrency, env, log, role: 'worker' });
    const held = lock;
    return {
      store,
      runs,
      async close() {
        await runs.stop({ requeue: true });
        await closePluginThreads();
        await store.close();
        held.release();
      },
    };
  } catch (err) {
    await store.close();
    lock?.release();
    throw err;
  }
}
