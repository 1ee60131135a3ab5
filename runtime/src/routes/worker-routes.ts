import { createRoute } from '@hono/zod-openapi';
import { workerListSchema } from '@sluice/sdk/wire';
import type { AppDeps } from '../app-deps.ts';
import { jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

/** `GET /api/workers`: the processes that execute runs of this store, and how busy each is. */
export function workerRoutes(deps: AppDeps) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/workers',
      summary: 'The processes executing runs of this store (serve and worker), live ones first',
      description:
        'On a PostgreSQL store every `sluice serve` and `sluice worker` sharing it, as the job queue last heard from each (every 10 s); stopped ones and ones silent for an hour are left out. On SQLite this process alone.',
      responses: { 200: jsonContent(workerListSchema, 'The processes') },
    }),
    async (c) => c.json({ items: await deps.runs.processes() }, 200),
  );
}
