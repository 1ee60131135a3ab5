import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { closePluginThreads } from '@sluice/engine';
import { connectStore, openAuthStore, type Store } from '@sluice/store';
import { runAccessFromEnv } from './access/run-access-from-env.ts';
import { EXAMPLES_DIR } from './cli/seed-examples.ts';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import { bindRefusal } from './http/bind-policy.ts';
import type { HttpSettings } from './http/http-settings.ts';
import { listen } from './http/listen.ts';
import { metricsApp } from './metrics/metrics-app.ts';
import { runtimeMetrics } from './metrics/runtime-metrics.ts';
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
  /**
   * Serves `GET /metrics` of this worker (its claims, runs, files, rows, takeovers, process figures)
   * on `port` of `host`, authenticated as the API is (`apiToken`: SLUICE_API_TOKEN; or a stored
   * token), under the same HTTP settings and bind policy as `sluice serve`.
   */
  metrics?: { port: number; host: string; http: HttpSettings; apiToken?: string };
}

export interface RunningWorker {
  store: Store;
  runs: RunService;
  /** Where `GET /metrics` answers, when asked for. */
  metricsUrl?: string;
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
  const m = opts.metrics;
  // Before anything is opened: a port others can reach without TLS is not opened by mistake.
  const refusal = m && bindRefusal(m.host, { tls: Boolean(m.http.tls), insecureHttp: m.http.insecureHttp });
  if (refusal) throw new Error(refusal);
  const store = await connectStore({ dataDir: opts.dataDir, env: env as NodeJS.ProcessEnv });
  let lock: DataDirLock | undefined;
  let server: ServerType | undefined;
  let runs: RunService | undefined;
  try {
    lock = lockDataDir(opts.dataDir);
    const access = await runAccessFromEnv(env, { dataDir: opts.dataDir, examplesDir: EXAMPLES_DIR, pluginsDir: opts.pluginsDir });
    const registry = await installedPlugins({ pluginsDir: opts.pluginsDir, warn: (m) => log(`warning: ${m}`) });
    const holds = sharedHoldsOf(store, env, log);
    const metrics = m && runtimeMetrics({ runs: store.runs, processMetrics: true });
    const service = await startRuns({
      store,
      registry,
      access,
      holds,
      concurrency: opts.concurrency,
      env,
      log,
      role: 'worker',
      ...(metrics ? { observer: metrics.runs } : {}),
    });
    runs = service;
    let metricsUrl: string | undefined;
    if (m && metrics) {
      const app = metricsApp({ registry: metrics.registry, auth: openAuthStore(store), apiToken: m.apiToken, allowedHosts: m.http.allowedHosts });
      const listening = await listen(app, { port: m.port, hostname: m.host, tls: m.http.tls });
      server = listening;
      const { port } = listening.address() as AddressInfo;
      metricsUrl = `${m.http.tls ? 'https' : 'http'}://${m.host.includes(':') ? `[${m.host}]` : m.host}:${port}/metrics`;
    }
    const held = lock;
    return {
      store,
      runs: service,
      ...(metricsUrl ? { metricsUrl } : {}),
      async close() {
        const closed = server && new Promise<void>((resolve) => server!.close(() => resolve()));
        await service.stop({ requeue: true });
        if (server && 'closeAllConnections' in server) server.closeAllConnections();
        await closed;
        await closePluginThreads();
        await store.close();
        held.release();
      },
    };
  } catch (err) {
    await runs?.stop({ requeue: true });
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    await store.close();
    lock?.release();
    throw err;
  }
}
