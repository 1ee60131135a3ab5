import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from './app-deps.ts';
import { openAuthStore } from '@sluice/store';
import { requireAuth } from './auth/require-auth.ts';
import { httpGuards } from './http/http-guards.ts';
import { storageFullResponse } from './http/storage-full.ts';
import { errorBody } from './routes/api-schemas.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { checkpointRoutes } from './routes/checkpoint-routes.ts';
import { credentialNamesRoutes } from './routes/credential-names-routes.ts';
import { credentialRoutes } from './routes/credential-routes.ts';
import { eventsRoutes } from './routes/events-routes.ts';
import { folderRoutes } from './routes/folder-routes.ts';
import { graphRoutes } from './routes/graph-routes.ts';
import { graphRunEventRoutes } from './routes/graph-run-event-routes.ts';
import { graphTransferRoutes } from './routes/graph-transfer-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { hooksRoutes } from './routes/hooks-routes.ts';
import { jsonBodyGuard } from './routes/json-body-guard.ts';
import { metricsRoutes } from './routes/metrics-routes.ts';
import { nodeTypeRoutes } from './routes/node-type-routes.ts';
import { previewRoutes } from './routes/preview-routes.ts';
import { runEventRoutes } from './routes/run-event-routes.ts';
import { runLandedRoutes } from './routes/run-landed-routes.ts';
import { runRoutes } from './routes/run-routes.ts';
import { sourceFilesRoutes } from './routes/source-files-routes.ts';
import { workerRoutes } from './routes/worker-routes.ts';
import { tokenRoutes } from './routes/token-routes.ts';
import { triggersRoutes } from './routes/triggers-routes.ts';
import { uploadRoutes } from './routes/upload-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { uploadMaxBytes } from './source-files/size-limit.ts';

export type { AppDeps } from './app-deps.ts';

/**
 * The HTTP API as a Hono app built from its dependencies (no globals): tests call `app.request()`,
 * the server mounts it. Every route validates its request with the zod schemas that also produce
 * `/api/openapi.json`; every failure answers `{error, problems?}` naming the field and the cause.
 */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  const auth = openAuthStore(deps.store, deps.sessionPolicy);
  // Sessions that ended while the runtime was down are deleted here; later ones go when next presented.
  // Clean-up only (an ended session is refused when presented, pruned or not): a failure costs nothing.
  auth.sessions.prune().catch(() => {});
  // Before anything else: security headers, Host allow-list, Origin check, body size (runtime/src/http).
  for (const guard of httpGuards(deps)) app.use('*', guard);
  // Then every API and hook request is authenticated and its role checked, except the
  // few public routes (access-rules.ts); the editor's static files hold no data and pass.
  app.use('*', requireAuth({ auth, apiToken: deps.apiToken }));
  // Triggers read their raw bodies themselves (size limit, HMAC over the bytes, SNS's text/plain)
  // and log every refusal, so they come before the JSON body guard.
  app.route('/', eventsRoutes(deps)).route('/', hooksRoutes(deps));
  app.use('/api/*', jsonBodyGuard);
  app
    .route('/', healthRoutes(deps))
    .route('/', authRoutes(auth))
    .route('/', userRoutes(auth))
    .route('/', tokenRoutes(auth))
    .route('/', nodeTypeRoutes(deps))
    // Fixed paths before `/api/graphs/{id}` patterns, so that "import" is never taken for an id.
    .route('/', graphTransferRoutes(deps))
    .route('/', graphRoutes(deps))
    .route('/', runRoutes(deps))
    .route('/', runEventRoutes(deps))
    .route('/', graphRunEventRoutes(deps))
    .route('/', runLandedRoutes(deps))
    .route('/', credentialRoutes(deps))
    .route('/', credentialNamesRoutes(deps))
    .route('/', folderRoutes(deps))
    .route('/', triggersRoutes(deps))
    .route('/', previewRoutes(deps))
    .route('/', checkpointRoutes(deps))
    .route('/', uploadRoutes(deps, { maxBytes: deps.uploadMaxBytes ?? uploadMaxBytes(process.env) }))
    .route('/', sourceFilesRoutes(deps))
    .route('/', workerRoutes(deps));
  if (deps.metrics) app.route('/', metricsRoutes(deps.metrics));

  // How to authenticate, for clients generated from the document: a Bearer token, or the editor's
  // session cookie (with X-Sluice-CSRF on writes). The public routes are listed in access-rules.ts.
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (slu_...) or SLUICE_API_TOKEN',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sluice_session',
    description: 'The editor session; writes also need the X-Sluice-CSRF header',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Sluice runtime API', version: deps.version, description: 'Graphs, runs, node types and credentials of a Sluice runtime.' },
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
  });

  app.notFound((c) => c.json(errorBody(`no route for ${c.req.method} ${c.req.path}; the API is described at /api/openapi.json`), 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      if (err.status === 415) {
        const type = c.req.header('content-type') ?? 'none';
        return c.json(
          errorBody(`unsupported Content-Type "${type}" for ${c.req.method} ${c.req.path}: send JSON (application/json), or multipart/form-data for an upload`),
          415,
        );
      }
      return c.json(errorBody(err.message), err.status);
    }
    const full = storageFullResponse(err, c);
    if (full) return full;
    console.error(`${c.req.method} ${c.req.path} failed:`, err);
    return c.json(errorBody(`internal error: ${err instanceof Error ? err.message : String(err)}`), 500);
  });
  return app;
}
