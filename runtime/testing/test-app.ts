import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RunAccess } from '@sluice/sdk';
import { runAccessFromEnv } from '../src/access/run-access-from-env.ts';
import { createApp } from '../src/app.ts';
import { type AuthStore, openAuthStore } from '@sluice/store';
import type { SessionPolicy } from '@sluice/store';
import type { Role } from '@sluice/store';
import { runGraph } from '@sluice/engine';
import { type RuntimeMetrics, runtimeMetrics } from '../src/metrics/runtime-metrics.ts';
import { installedPlugins } from '../src/plugins/installed-plugins.ts';
import type { PluginRegistry } from '@sluice/engine';
import { RunService } from '../src/runs/run-service.ts';
import { openTempStore, type TempStore } from '@sluice/store';

/** The examples folder, used as a plugins folder so that the third-party example is installed. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples', import.meta.url));

/** Who a test request is from: an admin token by default, `null` for no credentials, or a given token. */
export interface CallOptions {
  token?: string | null;
  headers?: Record<string, string>;
}

export interface TestApp {
  app: OpenAPIHono;
  temp: TempStore;
  registry: PluginRegistry;
  runs: RunService;
  /** The metrics `GET /metrics` answers, fed by `runs`. */
  metrics: RuntimeMetrics;
  /** What the app's runs, previews and uploads may touch, read from `env` as the server reads its settings. */
  access: RunAccess;
  /** The auth tables of the app's store (users, tokens, sessions, login tokens). */
  auth: AuthStore;
  /** A stored admin API token, sent by `call` and `request` unless told otherwise. */
  adminToken: string;
  /** A stored API token of this role (made on first use). */
  tokenFor(role: Role): Promise<string>;
  /** JSON request helper: method, path, body; returns status and parsed body. */
  call(method: string, path: string, body?: unknown, opts?: CallOptions): Promise<{ status: number; body: any; headers: Headers }>;
  /** `app.request` with `Authorization: Bearer <admin token>` (or `opts.token`) added; `other` is another app over the same store. */
  request(path: string, init?: RequestInit, opts?: CallOptions, other?: OpenAPIHono): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** SLUICE_API_TOKEN of the app. */
  apiToken?: string;
  sessionPolicy?: SessionPolicy;
  /** The access settings (SLUICE_ALLOWED_ROOTS, SLUICE_OUTPUT_ROOTS, ...); none: the defaults, under the temp data folder. */
  env?: Record<string, string>;
  /** The Node.js process metrics on /metrics too (as the server has them); default off. */
  processMetrics?: boolean;
}

/** The real app over a real SQLite store in a temporary folder, with the real executor. */
export async function openTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const registry = await installedPlugins({ pluginsDir: EXAMPLES_DIR });
  const temp = openTempStore('sluice-api-');
  const access = await runAccessFromEnv(options.env ?? {}, { dataDir: temp.dir, examplesDir: EXAMPLES_DIR });
  const metrics = runtimeMetrics({ runs: temp.store.runs, processMetrics: options.processMetrics });
  const runs = new RunService({ store: temp.store, registry, runGraph, access, pollMs: 50, observer: metrics.runs });
  await runs.start();
  const app = createApp({
    store: temp.store,
    registry,
    runs,
    access,
    version: '0.0.0-test',
    metrics: metrics.registry,
    apiToken: options.apiToken,
    sessionPolicy: options.sessionPolicy,
  });
  const auth = openAuthStore(temp.store);
  const tokens = new Map<Role, string>();
  const tokenFor = async (role: Role) => {
    let token = tokens.get(role);
    if (!token) tokens.set(role, (token = (await auth.tokens.create(`test-${role}`, role)).token));
    return token;
  };
  const adminToken = await tokenFor('admin');
  const request = (path: string, init: RequestInit = {}, opts: CallOptions = {}, other = app) => {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers.set(k, v);
    const token = opts.token === undefined ? adminToken : opts.token;
    if (token !== null && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return Promise.resolve(other.request(path, { ...init, headers }));
  };
  return {
    app,
    temp,
    access,
    registry,
    runs,
    metrics,
    auth,
    adminToken,
    tokenFor,
    request,
    async call(method, path, body, opts) {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      const res = await request(path, init, opts);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await runs.stop({ abort: true });
      await temp.dispose();
    },
  };
}
