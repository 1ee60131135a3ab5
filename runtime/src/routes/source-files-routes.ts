import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.ts';
import { listSourceFiles } from '../source-files/list-source-files.ts';
import { SourceRequestError } from '../source-files/source-request-error.ts';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';
import { nodeParams } from './upload-routes.ts';

const listingSchema = z
  .object({
    items: z.array(z.object({ key: z.string(), size: z.number().int(), modifiedAt: z.string() })),
    truncated: z.boolean().openapi({ description: 'The source has more files than `limit`.' }),
    warnings: z.array(z.string()).openapi({ description: 'What the source said while listing, e.g. that no file matches.' }),
  })
  .openapi('SourceFiles');

/** The files a source node would emit now: what the editor offers as preview samples. */
export function sourceFilesRoutes(deps: AppDeps) {
  const { store, registry, access } = deps;
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/graphs/{id}/nodes/{nodeId}/files',
      summary: "A source node's matching files, listed by the source itself, up to `limit`",
      description: 'In the order the source lists them (a folder in directory order, a bucket in key order). Nothing is read, and no watermark moves.',
      request: {
        params: nodeParams,
        query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ description: 'Files at most (1 to 1000).' }) }),
      },
      responses: {
        200: jsonContent(listingSchema, 'The files, in listing order'),
        400: errorResponse('Bad limit'),
        404: errorResponse('No such graph or node'),
        422: errorResponse('The node is not a source, or its folder or bucket cannot be listed'),
      },
    }),
    async (c) => {
      const { id, nodeId } = c.req.valid('param');
      const graph = await store.graphs.get(id);
      if (!graph) return c.json(errorBody(`no graph "${id}"`, [{ path: ['id'], message: `no graph "${id}"` }]), 404);
      try {
        return c.json(await listSourceFiles(graph, nodeId, c.req.valid('query').limit, { store, registry, access, signal: c.req.raw.signal }), 200);
      } catch (err) {
        // A listing is refused only for a missing node (404) or one that cannot list (422).
        if (err instanceof SourceRequestError) return c.json(errorBody(err.message, err.problems), err.status as 404 | 422);
        throw err;
      }
    },
  );
}
