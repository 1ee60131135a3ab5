import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.ts';
import { checkGraph } from '../graphs/check-graph.ts';
import { runRefusal } from '../graphs/run-refusal.ts';
import { RUN_PARAMS_MAX_BYTES, runParamsProblem } from '@sluice/store';
import { logLevelSchema, runCancelSchema, runLogPageSchema, runPageSchema, runQueuedSchema, runStatusSchema, runViewSchema } from '@sluice/sdk/wire';
import { errorBody, errorResponse, idParam, jsonContent, pageQuery } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';
import { toRunView } from './run-views.ts';

const startBody = z.strictObject({
  params: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Parameters for the nodes, e.g. {"keys": ["a.csv"]}' }),
});

const logQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).openapi({ description: 'Return lines after this sequence number' }),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  level: logLevelSchema.default('debug').openapi({ description: 'Lowest level returned' }),
});

const notFound = (what: string) => ({ 404: errorResponse(`No ${what} with this id`) });

export function runRoutes(deps: AppDeps) {
  const { store, registry, runs } = deps;
  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/graphs/{id}/runs',
        summary: 'Queue a run of the graph (durable before the answer)',
        request: { params: idParam('graph'), body: { required: false, content: { 'application/json': { schema: startBody } } } },
        responses: {
          202: jsonContent(runQueuedSchema, 'Queued'),
          ...notFound('graph'),
          400: errorResponse('Malformed request'),
          413: errorResponse(`The params are over ${RUN_PARAMS_MAX_BYTES} bytes as JSON`),
          422: errorResponse('The graph is a draft: it cannot run with the installed node types until its problems are fixed'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const graph = await store.graphs.get(id);
        if (!graph) return c.json(errorBody(`no graph "${id}"`), 404);
        const check = checkGraph(graph.document, registry);
        if (!check.ok) return c.json(errorBody(runRefusal(id, graph.document, check.problems), check.problems), 422);
        const params = c.req.valid('json')?.params ?? {};
        const tooBig = runParamsProblem(params);
        if (tooBig) return c.json(errorBody(`params: ${tooBig}`, [{ path: ['params'], message: tooBig }]), 413);
        const { run } = await runs.enqueue(id, { kind: 'manual', params });
        c.header('Location', `/api/runs/${run.id}`);
        return c.json({ runId: run.id, status: 'queued' as const }, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/graphs/{id}/runs',
        summary: 'Run history of a graph, newest first',
        request: { params: idParam('graph'), query: pageQuery },
        responses: { 200: jsonContent(runPageSchema, 'A page of runs'), ...notFound('graph'), 400: errorResponse('Bad paging') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (!(await store.graphs.get(id))) return c.json(errorBody(`no graph "${id}"`), 404);
        const { limit, offset } = c.req.valid('query');
        const page = await store.runs.listForGraph(id, limit, offset);
        return c.json({ ...page, items: page.items.map(toRunView) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/runs',
        summary: 'Runs of every graph, newest first; `status=queued` shows the queue',
        request: { query: pageQuery.extend({ status: runStatusSchema.optional() }) },
        responses: { 200: jsonContent(runPageSchema, 'A page of runs'), 400: errorResponse('Bad filter or paging') },
      }),
      async (c) => {
        const { limit, offset, status } = c.req.valid('query');
        const page = await store.runs.list({ status }, limit, offset);
        return c.json({ ...page, items: page.items.map(toRunView) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/runs/{id}',
        summary: 'A run: status, times, per-node counters, errors, warnings',
        request: { params: idParam('run') },
        responses: { 200: jsonContent(runViewSchema, 'The run'), ...notFound('run') },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const run = await store.runs.get(id);
        return run ? c.json(toRunView(run), 200) : c.json(errorBody(`no run "${id}"`), 404);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/runs/{id}/cancel',
        summary: 'Cancel a queued or running run',
        request: { params: idParam('run') },
        responses: {
          202: jsonContent(runCancelSchema, 'Cancelled (queued) or cancelling (running)'),
          ...notFound('run'),
          409: errorResponse('The run has already finished, or runs in another process'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const result = await runs.cancel(id);
        if (result === 'not-found') return c.json(errorBody(`no run "${id}"`), 404);
        if (result === 'finished') return c.json(errorBody(`run "${id}" has already finished (${(await store.runs.get(id))?.status})`), 409);
        if (result === 'elsewhere') return c.json(errorBody(`run "${id}" is running in another process (sluice run); stop it there`), 409);
        // 'cancelling': stopping here, or asked of the worker executing it (it stops within a second or so).
        return c.json({ runId: id, result }, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/runs/{id}/logs',
        summary: 'Log lines of a run, oldest first, paged by sequence number',
        request: { params: idParam('run'), query: logQuery },
        responses: {
          200: jsonContent(runLogPageSchema, 'Log lines'),
          ...notFound('run'),
          400: errorResponse('Bad query'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (!(await store.runs.get(id))) return c.json(errorBody(`no run "${id}"`), 404);
        const q = c.req.valid('query');
        const items = await store.runLogs.list(id, { afterSeq: q.after, limit: q.limit, minLevel: q.level });
        return c.json({ items, next: items.at(-1)?.seq ?? q.after }, 200);
      },
    );
}
