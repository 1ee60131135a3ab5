import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../app.ts';
import { runGraph } from '../engine/run-graph.ts';
import { discoverPlugins } from '../plugins/discover-plugins.ts';
import type { PluginRegistry } from '../plugins/plugin-registry.ts';
import { RunService } from '../runs/run-service.ts';
import { openTempStore, type TempStore } from '../store/temp-store.ts';

/** The examples folder, used as a plugins folder so that the third-party example is installed. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples', import.meta.url));

export interface TestApp {
  app: OpenAPIHono;
  temp: TempStore;
  registry: PluginRegistry;
  runs: RunService;
  /** JSON request helper: method, path, body; returns status and parsed body. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** The real app over a real SQLite store in a temporary folder, with the real executor. */
export async function openTestApp(): Promise<TestApp> {
  const registry = await discoverPlugins({ pluginsDir: EXAMPLES_DIR });
  const temp = openTempStore('sluice-api-');
  const runs = new RunService({ store: temp.store, registry, runGraph, pollMs: 50 });
  runs.start();
  const app = createApp({ store: temp.store, registry, runs, version: '0.0.0-test' });
  return {
    app,
    temp,
    registry,
    runs,
    async call(method, path, body) {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      const res = await app.request(path, init);
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
      temp.dispose();
    },
  };
}
