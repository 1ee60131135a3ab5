import { createRoute, z } from '@hono/zod-openapi';
import { errorMessage } from '@sluice/sdk';
import { runLandedSchema, type RunLanded } from '@sluice/sdk/wire';
import { secretResolver } from '@sluice/store';
import type { AppDeps } from '../app-deps.ts';
import { errorBody, errorResponse, idParam, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';

/** The most bytes of sampled rows (as JSON) per sink: a look at the table, never an export. */
export const LANDED_SAMPLE_MAX_BYTES = 256 * 1024;

const landedQuery = z.object({
  rows: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: 'Rows in each sample (1 to 100).' }),
});

/**
 * `GET /api/runs/{id}/landed`: what a run landed, per node of its graph that reads back what it
 * landed (`readsBack` facet; the host names no plugin): rows, source files, columns and the first
 * rows, read from the table with the runtime's roots, endpoints and credentials. A sink that cannot
 * be read (storage down, a root outside the output roots) is listed with why.
 */
export function runLandedRoutes(deps: AppDeps) {
  const { store, registry, access } = deps;
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/runs/{id}/landed',
      summary: 'What a run landed, read back from each sink: rows, source files, columns and first rows',
      request: { params: idParam('run'), query: landedQuery },
      responses: {
        200: jsonContent(runLandedSchema, 'Per sink node: a sample of what the run landed, or why there is none'),
        400: errorResponse('Bad row count'),
        404: errorResponse('No run with this id'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { rows } = c.req.valid('query');
      const run = await store.runs.get(id);
      if (!run) return c.json(errorBody(`no run "${id}"`), 404);
      const graph = await store.graphs.get(run.graphId);
      const answer: RunLanded = { runId: id, sinks: [] };
      if (!graph) return c.json(answer, 200);
      const ctx = {
        parts: store.nodeStore(run.graphId).parts,
        dirs: { data: store.dataDir, graph: graph.baseDir ?? store.dataDir },
        access,
        secrets: secretResolver(store.credentials),
        signal: c.req.raw.signal,
      };
      for (const [node, spec] of Object.entries(graph.document.nodes)) {
        const readsBack = registry.get(spec.type)?.readsBack;
        if (!readsBack) continue;
        try {
          answer.sinks.push({ node, sample: await readsBack.sample(spec.config, { runId: id, rows, maxBytes: LANDED_SAMPLE_MAX_BYTES }, ctx) });
        } catch (err) {
          answer.sinks.push({ node, error: `What ${node} landed cannot be read back: ${errorMessage(err)}` });
        }
      }
      return c.json(answer, 200);
    },
  );
}
