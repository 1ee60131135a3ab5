import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.ts';
import { HOOK_REQUEST_STATUSES } from '@sluice/store';
import { describeTriggers } from '../triggers/describe-triggers.ts';
import { TriggerIndex } from '../triggers/trigger-index.ts';
import { jsonContent, pageFields, pageQuery } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';
import { runBlocker } from '../graphs/run-refusal.ts';

const overviewSchema = z
  .object({
    graphId: z.string(),
    webhook: z.object({ enabled: z.boolean(), url: z.string(), auth: z.string(), waitForRun: z.boolean() }).nullable(),
    bucketEvents: z.object({ enabled: z.boolean(), watches: z.array(z.object({ node: z.string(), bucket: z.string(), prefix: z.string() })) }).nullable(),
    schedule: z.object({ enabled: z.boolean(), cron: z.string(), timezone: z.string(), nextAt: z.string().nullable() }).nullable(),
    poll: z.object({ enabled: z.boolean(), everySeconds: z.number(), nextAt: z.string().nullable() }).nullable(),
    backfill: z.object({ enabled: z.boolean(), everySeconds: z.number(), nextAt: z.string().nullable() }).nullable(),
    problems: z.array(z.string()),
  })
  .openapi('GraphTriggers');

const hookRequestSchema = z
  .object({
    id: z.number().int(),
    receivedAt: z.string(),
    path: z.string(),
    graphId: z.string().nullable(),
    status: z.enum(HOOK_REQUEST_STATUSES),
    httpStatus: z.number().int(),
    reason: z.string().nullable(),
    runId: z.string().nullable(),
    remote: z.string().nullable(),
  })
  .openapi('HookRequest');

/** `GET /api/triggers`: every graph's triggers and next fire times; `GET /api/hooks/requests`: the webhook request log. */
export function triggersRoutes(deps: AppDeps) {
  const index = new TriggerIndex(deps.store.graphs, deps.registry, runBlocker(deps.registry));
  const requests = deps.store.hookRequests;
  return newRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/triggers',
        summary: 'The triggers of every graph that has one, with when each timed trigger fires next',
        request: { query: z.object({ graph: z.string().max(200).optional() }) },
        responses: { 200: jsonContent(z.object({ items: z.array(overviewSchema) }), 'Triggers per graph') },
      }),
      async (c) => {
        const { graph } = c.req.valid('query');
        const items = [];
        for (const g of await index.all()) {
          if ((graph && g.graphId !== graph) || !(Object.keys(g.triggers).length || g.problems.length)) continue;
          // When each interval trigger last queued a run: what its next time counts from.
          const last = new Map<string, Date | undefined>();
          for (const kind of ['poll', 'backfill'] as const) if (g.triggers[kind]) last.set(kind, await deps.store.runs.lastQueuedAt(g.graphId, kind));
          items.push(describeTriggers(g, (kind) => last.get(kind)));
        }
        return c.json({ items }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/hooks/requests',
        summary: 'Webhook requests, accepted and refused, newest first',
        request: { query: pageQuery.extend({ graph: z.string().max(200).optional(), status: z.enum(HOOK_REQUEST_STATUSES).optional() }) },
        responses: { 200: jsonContent(z.object({ items: z.array(hookRequestSchema), ...pageFields }), 'A page of requests') },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const page = await requests.list({ graphId: q.graph, status: q.status }, q.limit, q.offset);
        return c.json(
          {
            ...page,
            items: page.items.map((r) => ({
              id: r.id,
              receivedAt: r.receivedAt.toISOString(),
              path: r.path,
              graphId: r.graphId,
              status: r.status,
              httpStatus: r.httpStatus,
              reason: r.reason,
              runId: r.runId,
              remote: r.remote,
            })),
          },
          200,
        );
      },
    );
}
