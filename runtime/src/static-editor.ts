import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Env, Hono } from 'hono';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyHono = Hono<Env, any, any>;

/** The editor's production build, made by `pnpm --filter @sluice/editor build`. */
export const EDITOR_DIST = new URL('../../editor/dist', import.meta.url).pathname;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Sluice</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Sluice is running</h1>
<p>The editor has not been built yet. Build it, then reload this page:</p>
<pre>pnpm --filter @sluice/editor build</pre>
<p>The API answers meanwhile: <a href="/api/health">/api/health</a>, <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body>`;

/**
 * Serves the built editor at `/`, with the single-page-app fallback (any other GET that is not an
 * API path gets index.html, so that deep links work); without a build, a page saying how to make one.
 */
export function mountEditor(app: AnyHono, dist = EDITOR_DIST): void {
  const isApi = (path: string) => path.startsWith('/api/') || path === '/api' || path.startsWith('/hooks/');
  if (!existsSync(join(dist, 'index.html'))) {
    app.get('*', (c, next) => (isApi(c.req.path) ? next() : c.html(NOT_BUILT, 200)));
    return;
  }
  const files = serveStatic({ root: dist });
  const index = serveStatic({ root: dist, path: 'index.html' });
  app.get('*', (c, next) => (isApi(c.req.path) ? next() : files(c, next)));
  app.get('*', (c, next) => (isApi(c.req.path) ? next() : index(c, next)));
}
