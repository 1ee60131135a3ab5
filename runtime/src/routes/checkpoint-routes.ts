import { createRoute, z } from '@hono/zod-openapi';
import { CHECKPOINT_STATUSES } from '@sluice/sdk';
import type { AppDeps } from '../app-deps.ts';
import type { CheckpointRow } from '@sluice/store';
import { errorBody, errorResponse, idParam, jsonContent, pageFields, pageQuery } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

const filter = {
  sourceNode: z.string().min(1).optional().openapi({ description: 'Only this source node' }),
  key: z.string().min(1).optional().openapi({ description: 'Only this file key' }),
  status: z.enum(CHECKPOINT_STATUSES).optional(),
};

const checkpointSchema = z
  .object({
    sourceNode: z.string(),
    key: z.string(),
    size: z.number(),
    modifiedAt: z.string().nullable(),
    etag: z.string().nullable(),
    versionId: z.string().nullable(),
    fingerprint: z.string(),
    contentHash: z.string().nullable(),
    rows: z.number().nullable(),
    status: z.enum(CHECKPOINT_STATUSES),
    error: z.string().nullable(),
    attempts: z.number().int(),
    runId: z.string(),
    firstSeenAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Checkpoint');

function toView(r: CheckpointRow): z.infer<typeof checkpointSchema> {
  const { graphId: _g, modifiedAt, firstSeenAt, updatedAt, ...rest } = r;
  return { ...rest, modifiedAt: modifiedAt?.toISOString() ?? null, firstSeenAt: firstSeenAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

/** A graph's per-file checkpoint records: what was processed, failed or quarantined, and resets. */
export function checkpointRoutes(deps: AppDeps) {
  const { store } = deps;
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/graphs/{id}/checkpoints',
        summary: 'Checkpoint records of a graph, by source node and key, with filters',
        request: { params: idParam('graph'), query: pageQuery.extend(filter) },
        responses: {
          200: jsonContent(z.object({ items: z.array(checkpointSchema), ...pageFields }), 'A page of records'),
          400: errorResponse('Bad filter or paging'),
          404: errorResponse('No graph with this id'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (!(await store.graphs.get(id))) return c.json(errorBody(`no graph "${id}"`), 404);
        const { limit, offset, ...f } = c.req.valid('query');
        const page = await store.checkpoints.list(id, f, limit, offset);
        return c.json({ ...page, items: page.items.map(toView) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/graphs/{id}/checkpoints/reset',
        summary: 'Forget records so that their files are processed again: all, one source, one file, or by status',
        description: 'Without key or status, the source watermark is dropped too, so that incremental sources list older files again.',
        request: { params: idParam('graph'), body: { required: false, content: { 'application/json': { schema: z.strictObject(filter) } } } },
        responses: {
          200: jsonContent(z.object({ deleted: z.number().int() }), 'Records deleted'),
          400: errorResponse('Bad filter'),
          404: errorResponse('No graph with this id'),
          409: errorResponse('A run of the graph is running'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (!(await store.graphs.get(id))) return c.json(errorBody(`no graph "${id}"`), 404);
        const running = await store.runs.runningOf(id);
        if (running) return c.json(errorBody(`graph "${id}" has a running run (${running}); reset its checkpoints when it has finished`), 409);
        return c.json({ deleted: await store.checkpoints.reset(id, c.req.valid('json') ?? {}) }, 200);
      },
    );
}
