import { createRoute } from '@hono/zod-openapi';
import { nodeTypeListSchema } from '@sluice/sdk/wire';
import type { AppDeps } from '../app-deps.ts';
import { jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

export function nodeTypeRoutes(deps: AppDeps) {
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/node-types',
      summary: 'The installed node types, with their ports and config forms',
      responses: { 200: jsonContent(nodeTypeListSchema, 'Node types') },
    }),
    (c) => c.json({ items: deps.registry.list(), problems: deps.registry.problems }, 200),
  );
}
