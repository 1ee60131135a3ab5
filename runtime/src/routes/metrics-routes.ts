import { createRoute, z } from '@hono/zod-openapi';
import type { Registry } from 'prom-client';
import { errorResponse } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

/**
 * `GET /metrics`: the runtime's Prometheus metrics (runtime/src/metrics), in the text format
 * prom-client writes. Authenticated like the API (access-rules.ts counts `/metrics` among its
 * paths): any API token or session, a viewer's included, may read it.
 */
export function metricsRoutes(registry: Registry) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      summary:
        'Prometheus metrics: runs by status (the queue depth), claims, ends, durations, files, rows, commit latency, takeovers, lost runs, leader lease changes',
      responses: {
        200: { description: 'The Prometheus text exposition format', content: { [registry.contentType]: { schema: z.string() } } },
        401: errorResponse('No credentials, or unknown ones'),
      },
    }),
    async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }) as never,
  );
}
