import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.ts';
import { jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

const healthSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string(),
    nodeTypes: z.number().int(),
    pluginProblems: z.array(z.object({ package: z.string(), dir: z.string(), message: z.string() })),
    runs: z.record(z.string(), z.number().int()),
  })
  .openapi('Health');

export function healthRoutes(deps: AppDeps) {
  return newRouter().openapi(
    createRoute({ method: 'get', path: '/api/health', summary: 'Liveness, plugins refused at start-up, runs by status', responses: { 200: jsonContent(healthSchema, 'The runtime is up') } }),
    (c) =>
      c.json(
        {
          status: 'ok' as const,
          version: deps.version,
          nodeTypes: deps.registry.list().length,
          pluginProblems: deps.registry.problems,
          runs: deps.store.runs.countByStatus(),
        },
        200,
      ),
  );
}
