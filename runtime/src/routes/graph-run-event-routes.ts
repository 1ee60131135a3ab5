import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { GraphRunStarted } from '@sluice/sdk/wire';
import type { AppDeps } from '../app-deps.ts';
import { errorBody, errorResponse, idParam } from './api-schemas.ts';
import { EventQueue } from './event-queue.ts';
import { newRouter } from './openapi-router.ts';

/** How often the store is asked for a running run (one started by another process, `sluice run`, tells no listener here). */
const STORE_CHECK_MS = 2_000;
/** A comment line every so many checks keeps proxies from closing an idle stream. */
const CHECKS_PER_HEARTBEAT = 5;

/**
 * `GET /api/graphs/{id}/runs/live`: the runs of a graph as they start, so that the editor showing
 * the graph follows a run a webhook, a schedule or a bucket event started as it follows one started
 * by hand. Each run is sent once, when it starts executing (or on connecting, when it runs already).
 */
export function graphRunEventRoutes(deps: AppDeps) {
  const { store, runs } = deps;
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/graphs/{id}/runs/live',
      summary: 'Runs of a graph as they start (Server-Sent Events: run)',
      description:
        'A `run` event (`graphRunStreamSchemas` of `@sluice/sdk/wire`) whenever a run of the graph starts executing, whatever started it, and on connecting when one is running. Follow its figures on `/api/runs/{id}/events`. The stream stays open until the client leaves.',
      request: { params: idParam('graph') },
      responses: {
        200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
        404: errorResponse('No graph with this id'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await store.graphs.get(id))) return c.json(errorBody(`no graph "${id}"`), 404);
      return streamSSE(c, async (stream) => {
        const queue = new EventQueue<GraphRunStarted>();
        const sent = new Set<string>();
        const unsubscribe = runs.subscribeGraph(id, (e) => queue.push(e));
        stream.onAbort(() => queue.close());
        const fromStore = async () => {
          const runId = await store.runs.runningOf(id);
          const row = runId && !sent.has(runId) ? await store.runs.get(runId) : undefined;
          if (row?.status === 'running')
            queue.push({ id: row.id, status: 'running', trigger: row.triggerKind, at: (row.startedAt ?? new Date()).toISOString() });
        };
        try {
          await fromStore();
          for (let checks = 0; !queue.closed; ) {
            for (const e of queue.take()) {
              if (sent.has(e.id)) continue;
              sent.add(e.id);
              await stream.writeSSE({ event: 'run', data: JSON.stringify(e) });
            }
            if (!(await queue.wait(STORE_CHECK_MS)) || queue.closed) continue;
            await fromStore();
            if (!queue.size && ++checks % CHECKS_PER_HEARTBEAT === 0) await stream.write(': heartbeat\n\n');
          }
        } finally {
          unsubscribe();
        }
      }) as never;
    },
  );
}
