import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../app-deps.ts';
import { isFinishedRunStatus, type RunStreamMessage } from '@sluice/sdk/wire';
import type { RunStreamEvent } from '../runs/run-event-hub.ts';
import { errorBody, errorResponse, idParam } from './api-schemas.ts';
import { EventQueue } from './event-queue.ts';
import { StoredRunEvents } from './stored-run-events.ts';
import { newRouter } from './openapi-router.ts';

const HEARTBEAT_MS = 10_000;
/** How often the store is looked at for a run another process executes (its stats are saved twice a second). */
const STORED_LOOK_MS = 1_000;

/** A run event as the stream sends it: the wire's event name and data (`runStreamSchemas`). */
export function streamMessageOf(e: RunStreamEvent): RunStreamMessage {
  switch (e.type) {
    case 'stats':
      return { event: 'stats', data: { nodes: e.nodes } };
    case 'log':
      return { event: 'log', data: e.line };
    case 'error':
    case 'warning':
      return { event: e.type, data: e.issue };
    case 'status':
      return { event: 'status', data: { status: e.status, at: e.at } };
    default: {
      const { type: _type, ...file } = e;
      return { event: 'file', data: file };
    }
  }
}

const sse = (m: RunStreamMessage) => ({ event: m.event, data: JSON.stringify(m.data) });

export function runEventRoutes(deps: AppDeps) {
  const { store, runs } = deps;
  return newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/api/runs/{id}/events',
      summary: 'Live events of a run (Server-Sent Events): status, stats, log, file, error, warning',
      description:
        'Starts with the current status and counters; ends after the final status. The data of each event is JSON, as `runStreamSchemas` of `@sluice/sdk/wire` says.',
      request: { params: idParam('run') },
      responses: {
        200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
        404: errorResponse('No run with this id'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await store.runs.get(id))) return c.json(errorBody(`no run "${id}"`), 404);
      return streamSSE(c, async (stream) => {
        const queue = new EventQueue<RunStreamEvent>();
        // Subscribe before reading the snapshot, so that no event falls between the two.
        const unsubscribe = runs.subscribe(id, (e) => queue.push(e));
        stream.onAbort(() => queue.close());
        try {
          const now = await store.runs.get(id);
          if (!now) return;
          await stream.writeSSE(sse({ event: 'status', data: { status: now.status, at: new Date().toISOString() } }));
          await stream.writeSSE(sse({ event: 'stats', data: { nodes: now.nodes ?? {} } }));
          if (isFinishedRunStatus(now.status)) return;
          // A run another process executes (a worker) tells no listener here: its events come from the store.
          const stored = await StoredRunEvents.from(store, id);
          let ended = false;
          let quiet = 0;
          while (!queue.closed && !ended) {
            const here = runs.isActive(id);
            if (await queue.wait(here ? HEARTBEAT_MS : STORED_LOOK_MS)) {
              const looked = here ? [] : await stored.look();
              // A run finished by another process sends no event here: the store has the truth.
              const status = here ? (await store.runs.get(id))?.status : undefined;
              if (here && (!status || isFinishedRunStatus(status))) queue.push({ type: 'status', status: status ?? 'cancelled', at: new Date().toISOString() });
              for (const e of looked) if (!(e.type === 'status' && e.status === 'queued')) queue.push(e);
              if (!queue.size && (here || ++quiet % 10 === 0)) await stream.write(': heartbeat\n\n');
            }
            for (const e of queue.take()) {
              await stream.writeSSE(sse(streamMessageOf(e)));
              if (e.type === 'status' && isFinishedRunStatus(e.status)) ended = true;
            }
          }
        } finally {
          unsubscribe();
        }
      }) as never;
    },
  );
}
