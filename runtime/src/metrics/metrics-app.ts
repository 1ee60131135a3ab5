import type { AuthStore } from '@sluice/store';
import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import { requireAuth } from '../auth/require-auth.ts';
import { httpGuards } from '../http/http-guards.ts';
import { metricsRoutes } from '../routes/metrics-routes.ts';

export interface MetricsAppOptions {
  registry: Registry;
  /** The store's users, sessions and API tokens: a scraper sends a stored token, or SLUICE_API_TOKEN. */
  auth: AuthStore;
  apiToken?: string;
  /** Host names answered (any port); default the loopback names. */
  allowedHosts?: readonly string[];
}

/**
 * `GET /metrics` alone, for a process that serves no API (`sluice worker --metrics-port`): the same
 * guards as the API (security headers, Host allow-list, Origin check, body limit) and the same
 * authentication, so that a worker's port is no way around the trust boundary. Nothing else answers.
 */
export function metricsApp(o: MetricsAppOptions): Hono {
  const app = new Hono();
  for (const guard of httpGuards({ ...(o.allowedHosts ? { allowedHosts: o.allowedHosts } : {}) })) app.use('*', guard);
  app.use('*', requireAuth({ auth: o.auth, ...(o.apiToken ? { apiToken: o.apiToken } : {}) }));
  app.route('/', metricsRoutes(o.registry));
  return app;
}
