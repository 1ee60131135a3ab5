import { type Leadership, soleLeadership, startLeadership } from './cluster/leadership.ts';
import type { AddressInfo } from 'node:net';
import { errorMessage, type LogFields, type Logger } from '@sluice/sdk';
import { runAccessFromEnv } from './access/run-access-from-env.ts';
import { createApp } from './app.ts';
import { openAuthStore } from '@sluice/store';
import { browserBaseUrl, firstRunLoginUrl } from './auth/first-run-login.ts';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import { closePluginThreads, type RecoverStorageOptions, recoverStorage } from '@sluice/engine';
import { installedPlugins } from './plugins/installed-plugins.ts';
import type { PluginRegistry } from '@sluice/engine';
import { EXAMPLES_DIR } from './cli/seed-examples.ts';
import { DEFAULT_ALLOWED_HOSTS } from './http/allowed-hosts.ts';
import { bindRefusal, isLoopbackHost } from './http/bind-policy.ts';
import type { HttpSettings } from './http/http-settings.ts';
import { type HttpTimeouts, listen } from './http/listen.ts';
import { runtimeMetrics } from './metrics/runtime-metrics.ts';
import type { RunService } from './runs/run-service.ts';
import { sharedHoldsOf, startRuns } from './runs/start-runs.ts';
import { UploadRecords } from './source-files/upload-records.ts';
import { mountEditor } from './static-editor.ts';
import { connectStore, type Store } from '@sluice/store';
import { TriggerScheduler } from './triggers/trigger-scheduler.ts';
import { runBlocker } from './graphs/run-refusal.ts';
import { RUNTIME_VERSION } from './version.ts';

export const DEFAULT_PORT = 4311;
export const DEFAULT_HOST = '127.0.0.1';

export interface ServerOptions {
  dataDir: string;
  port?: number;
  /** Default 127.0.0.1: reachable from this machine only, unless asked otherwise. */
  host?: string;
  pluginsDir?: string;
  editorDist?: string;
  concurrency?: { global?: number; perGraph?: number };
  log?: (message: string) => void;
  /** SLUICE_API_TOKEN, read by the caller: an admin Bearer token, never stored; no login link is made then. */
  apiToken?: string;
  /** Settings read once at start: the store (SLUICE_DATABASE_URL, the credentials key), the roots and endpoints of runs (runtime/src/access), the job queue; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Host names, body limit, TLS files, --insecure-http (runtime/src/http/http-settings.ts); default loopback names, plain http on loopback only. */
  http?: Partial<HttpSettings>;
  /** Shorter HTTP timeouts, for tests (runtime/src/http/listen.ts has the defaults). */
  timeouts?: Partial<HttpTimeouts>;
  /** Called with the open store and registry before the first request (e.g. to import examples). */
  prepare?: (store: Store, registry: PluginRegistry) => void | Promise<void>;
}

export interface RunningServer {
  url: string;
  store: Store;
  registry: PluginRegistry;
  runs: RunService;
  /**
   * A one-time login link (`<url>/#/login?token=...`, 15 minutes), made at this start because
   * nobody could sign in otherwise (no user with a password, no SLUICE_API_TOKEN).
   */
  loginUrl?: string;
  /**
   * Settles when the start-up recovery of the storage sinks wrote, which runs in the background
   * once the server listens, has finished (logged as "start-up recovery done", or "stopped" when
   * the server stops first); never rejects.
   */
  recovered: Promise<void>;
  /** Stops taking requests and runs; running runs are cancelled and queued again at the next start. */
  close(): Promise<void>;
}

/** The start's log lines as a Logger: warnings say so, fields follow as JSON. */
function startLogger(log: (message: string) => void): Logger {
  const line = (prefix: string) => (m: string, fields?: LogFields) => log(`${prefix}${m}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { debug: () => {}, info: line(''), warn: line('warning: '), error: line('error: ') };
}

/** `recoverStorage`, logged when it ends; whatever goes wrong is a warning, never a rejection. */
async function recoverInBackground(o: RecoverStorageOptions, log: (message: string) => void): Promise<void> {
  const started = Date.now();
  try {
    await recoverStorage(o);
    log(o.signal?.aborted ? 'start-up recovery stopped: the server is stopping' : `start-up recovery done (${Date.now() - started} ms)`);
  } catch (err) {
    log(`warning: start-up recovery stopped: ${errorMessage(err)}`);
  }
}

/** Starts the runtime: store (migrated), plugins, run worker, API and editor on one port. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const host = opts.host ?? DEFAULT_HOST;
  const http = opts.http ?? {};
  // Before anything is opened: a server others can reach without TLS is not started by mistake.
  const refusal = bindRefusal(host, { tls: Boolean(http.tls), insecureHttp: http.insecureHttp === true });
  if (refusal) throw new Error(refusal);
  // SQLite in the data folder, or the PostgreSQL store SLUICE_DATABASE_URL names; the credentials
  // key (SLUICE_CREDENTIALS_KEY...) from the same settings.
  const env = opts.env ?? process.env;
  // Settings read before anything opens: a bad one stops the start with its name.
  const leaderTtlMs = leaderLeaseMs(env);
  const store = await connectStore({ dataDir: opts.dataDir, env: env as NodeJS.ProcessEnv });
  let lock: DataDirLock | undefined;
  let leadership: Leadership = soleLeadership;
  let runs: RunService | undefined;
  try {
    lock = lockDataDir(opts.dataDir);
    // What GET /metrics exposes, fed by the run worker and the leadership.
    const metrics = runtimeMetrics({ runs: store.runs, processMetrics: true });
    // Several serve processes may share a PostgreSQL store (each with its own data folder); one of
    // them at a time, the holder of the leader lease, runs schedules and polling.
    if (store.leases) leadership = await startLeadership({ leases: store.leases, log, observer: metrics.leases, ttlMs: leaderTtlMs });
    // The trust boundary of every run, preview, listing and upload, read once; a bad root stops the start.
    const access = await runAccessFromEnv(env, { dataDir: opts.dataDir, examplesDir: EXAMPLES_DIR, pluginsDir: opts.pluginsDir });
    const registry = await installedPlugins({ pluginsDir: opts.pluginsDir, warn: (m) => log(`warning: ${m}`) });
    await opts.prepare?.(store, registry);
    // Under the data folder's lock: no live upload of another server is taken for a dead one's.
    const swept = await new UploadRecords(opts.dataDir).sweepPartialUploads();
    if (swept.length) log(`removed ${swept.length} temporary upload files left by a stopped server: ${swept.slice(0, 5).join(', ')}`);
    // Storage several processes may write (a Bronze table) is held through the store's leases, not a lock of this machine.
    const holds = sharedHoldsOf(store, env, log);
    const service = await startRuns({ store, registry, access, holds, concurrency: opts.concurrency, env, log, observer: metrics.runs });
    runs = service;
    const app = createApp({
      store,
      registry,
      runs: service,
      access,
      version: RUNTIME_VERSION,
      metrics: metrics.registry,
      apiToken: opts.apiToken,
      allowedHosts: http.allowedHosts,
      jsonMaxBytes: http.jsonMaxBytes,
    });
    mountEditor(app, opts.editorDist);
    const server = await listen(app, { port: opts.port ?? DEFAULT_PORT, hostname: host, tls: http.tls, timeouts: opts.timeouts });
    if (!isLoopbackHost(host))
      log(
        `requests must name this server as one of: ${(http.allowedHosts ?? DEFAULT_ALLOWED_HOSTS).join(', ')} (--allowed-hosts, SLUICE_ALLOWED_HOSTS); other Host names get 421`,
      );
    // Schedules, polling and backfill of every graph; also closes bucket events whose runs ended.
    const triggers = new TriggerScheduler({ store, queue: service, log, plugins: registry, blocker: runBlocker(registry), leadership });
    await triggers.start();
    const { port } = server.address() as AddressInfo;
    const scheme = http.tls ? 'https' : 'http';
    const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const loginUrl = await firstRunLoginUrl(openAuthStore(store), { baseUrl: browserBaseUrl(host, port, scheme), apiTokenSet: Boolean(opts.apiToken) });
    // Once the server listens, in the background (an unreachable S3 table takes seconds to connect,
    // table after table): the storage each sink wrote is brought back in line with the store (parts
    // of crashed runs removed, cut-short commits finished), table by table under the table's writer
    // lock. A run that writes a table meanwhile waits for that lock, and brings the table in line
    // itself when it opens; a table whose lock a run holds is left to it. A table it cannot reach is
    // a warning; its next run cleans it.
    const recovery = new AbortController();
    const recovered = recoverInBackground(
      { plugins: registry, store, access, log: startLogger(log), signal: recovery.signal, ...(holds ? { holds } : {}) },
      log,
    );
    return {
      url,
      store,
      registry,
      runs: service,
      loginUrl,
      recovered,
      async close() {
        recovery.abort(new Error('the server is stopping'));
        await triggers.stop();
        await leadership.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // A stop is not a user's cancel: runs cut short go back to the queue for the next start.
        await service.stop({ requeue: true });
        // Event streams (SSE) never end on their own: cut them, or close() would wait forever.
        if ('closeAllConnections' in server) server.closeAllConnections();
        await closed;
        // The table it is working on is finished (the store stays open until then); the rest wait for the next start.
        await recovered;
        await closePluginThreads();
        await store.close();
        lock?.release();
      },
    };
  } catch (err) {
    await runs?.stop({ requeue: true });
    await leadership.stop();
    await store.close();
    lock?.release();
    throw err;
  }
}

/** SLUICE_LEADER_LEASE_SECONDS: how long the leader lease lasts unrenewed (the longest failover), 3-300 s, default 15. */
function leaderLeaseMs(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.SLUICE_LEADER_LEASE_SECONDS;
  if (raw === undefined || raw === '') return 15_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 3 || n > 300) throw new Error(`SLUICE_LEADER_LEASE_SECONDS: "${raw}" must be a whole number of seconds from 3 to 300`);
  return n * 1000;
}
