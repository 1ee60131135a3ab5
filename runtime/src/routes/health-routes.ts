import { createRoute } from '@hono/zod-openapi';
import { healthSchema } from '@sluice/sdk/wire';
import type { AppDeps } from '../app-deps.ts';
import { principalOf } from '../auth/principal.ts';
import { jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

export function healthRoutes(deps: AppDeps) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/health',
      summary: 'Liveness, plugins refused at start-up, runs by status',
      responses: { 200: jsonContent(healthSchema, 'The runtime is up') },
    }),
    async (c) => {
      // Reachable without credentials (probes): it then tells nothing but that the runtime is up.
      if (!principalOf(c)) return c.json({ status: 'ok' as const }, 200);
      return c.json(
        {
          status: 'ok' as const,
          version: deps.version,
          nodeTypes: deps.registry.list().length,
          pluginProblems: deps.registry.problems,
          runs: await deps.store.runs.countByStatus(),
        },
        200,
      );
    },
  );
}
