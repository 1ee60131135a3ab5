import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { BUCKET_EVENT_STATUSES } from '@sluice/store';
import { BucketEventIntake } from '../triggers/bucket-events/bucket-event-intake.ts';
import { BucketEventLog, type BucketEventView, type RequestInfo } from '../triggers/bucket-events/bucket-event-log.ts';
import { closeFinishedEvents } from '../triggers/bucket-events/close-finished-events.ts';
import { EventBodyError, parseEventBody } from '../triggers/bucket-events/parse-event-body.ts';
import { confirmSubscription } from '../triggers/bucket-events/sns-subscription.ts';
import { readBodyLimited, remoteOf } from '../triggers/request-input.ts';
import { presentedToken, secretsEqual } from '../triggers/secret-compare.ts';
import { type TriggerConfig, triggerConfigFromEnv } from '../triggers/trigger-config.ts';
import { TriggerIndex } from '../triggers/trigger-index.ts';
import { errorBody, errorResponse, jsonContent, pageFields, pageQuery } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';
import { runBlocker } from '../graphs/run-refusal.ts';

const eventSchema = z
  .object({
    id: z.number().int(),
    requestId: z.string(),
    receivedAt: z.string(),
    status: z.enum(BUCKET_EVENT_STATUSES),
    reason: z.string().nullable().openapi({ description: 'Why it was ignored or rejected, or the error it failed with' }),
    httpStatus: z.number().int(),
    source: z.string().nullable().openapi({ description: 'minio, aws or ceph' }),
    eventName: z.string().nullable(),
    bucket: z.string().nullable(),
    key: z.string().nullable().openapi({ description: 'The object key, decoded' }),
    size: z.number().nullable(),
    etag: z.string().nullable(),
    versionId: z.string().nullable(),
    sequencer: z.string().nullable(),
    duplicateOf: z.number().int().nullable(),
    finishedAt: z.string().nullable(),
    runs: z.array(z.object({ graphId: z.string(), runId: z.string() })),
  })
  .openapi('BucketEvent');

const eventsQuery = pageQuery.extend({
  status: z.enum(BUCKET_EVENT_STATUSES).optional(),
  graph: z.string().max(200).optional().openapi({ description: 'Only events that queued a run of this graph' }),
  bucket: z.string().max(255).optional(),
});

const intakeSchema = z.object({
  requestId: z.string(),
  runsQueued: z.number().int(),
  events: z.array(
    z.object({
      id: z.number().int(),
      key: z.string(),
      status: z.enum(['received', 'ignored']),
      duplicateOf: z.number().int().optional(),
      reason: z.string().optional(),
      runs: z.array(z.object({ graphId: z.string(), runId: z.string() })),
    }),
  ),
});

/**
 * `POST /api/events/s3`: bucket event notifications from MinIO, AWS (direct or through SNS) and
 * Ceph RGW, with a token; `GET /api/events`: the event log. Every request is logged before the reply.
 * Mounted before the app's JSON body guard: this route reads its body itself (size limit, store
 * content types such as SNS's text/plain) so that every refusal reaches the event log.
 */
export function eventsRoutes(deps: AppDeps, config: TriggerConfig = triggerConfigFromEnv()) {
  const index = new TriggerIndex(deps.store.graphs, deps.registry, runBlocker(deps.registry));
  const intake = new BucketEventIntake(deps.store, index, deps.runs, config.maxKeysPerRun);
  const log = new BucketEventLog(deps.store);
  const router = newRouter();

  router.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/events/s3',
    summary: 'Bucket event notifications (MinIO webhook, AWS S3 event message direct or in SNS, Ceph RGW)',
    description:
      'Needs `Authorization: Bearer <token>`, Basic with the token as password (SNS), or `?token=<token>` (Ceph RGW, which sends no headers). Each object creation is logged and starts a run of every graph whose enabled bucket-events trigger has an S3 source taking the object; a repeated delivery of the same object version starts nothing.',
    responses: {
      202: jsonContent(intakeSchema, 'Logged; runs queued'),
      200: { description: 'A test event or an SNS subscription message, logged' },
      400: errorResponse('Not a bucket event body'),
      401: errorResponse('No token or a wrong one'),
      403: errorResponse('No token is configured: every event is refused'),
      413: errorResponse('The body is too big'),
    },
  });

  // MinIO checks that the endpoint is up with a HEAD before it sends; Hono answers HEAD from GET.
  router.get('/api/events/s3', (c) => c.json({ message: 'POST bucket event notifications here, with a token' }, 200));

  router.post('/api/events/s3', async (c: Context) => {
    const req: RequestInfo = { requestId: randomUUID(), receivedAt: new Date(), remote: remoteOf(c) };
    const refuse = async (status: 400 | 401 | 403 | 413, message: string) => {
      await intake.reject(req, status, message);
      return c.json(errorBody(message), status);
    };
    const expected = config.eventsToken ?? (await deps.store.credentials.value(config.eventsTokenCredential));
    if (!expected)
      return refuse(403, `bucket events are refused: no token is configured (set SLUICE_EVENTS_TOKEN or the credential "${config.eventsTokenCredential}")`);
    // Ceph RGW cannot send headers and refuses credentials in a plain-http endpoint URL, but keeps
    // its query string: `?token=` serves it (keep such URLs out of access logs).
    const token = presentedToken(c.req.header('authorization')) ?? c.req.query('token');
    if (!token) return refuse(401, 'missing "Authorization: Bearer <token>" (or ?token= for stores that cannot send headers)');
    if (!secretsEqual(token, expected)) return refuse(401, 'the token is wrong');

    const raw = await readBodyLimited(c.req.raw, config.maxEventBodyBytes);
    if (!raw) return refuse(413, `the body is over the limit of ${config.maxEventBodyBytes} bytes`);
    let body;
    try {
      body = parseEventBody(raw.toString('utf8'));
    } catch (err) {
      if (err instanceof EventBodyError) return refuse(400, err.message);
      throw err;
    }
    if (body.kind === 'test') {
      await intake.note(req, 200, body.note);
      return c.json({ requestId: req.requestId, message: body.note }, 200);
    }
    if (body.kind === 'sns-subscription') {
      const r =
        body.type === 'SubscriptionConfirmation'
          ? await confirmSubscription(body.subscribeUrl, config)
          : { confirmed: false, reason: `SNS ${body.type}: nothing to do` };
      await intake.note(req, 200, `${body.topicArn}: ${r.reason}`);
      return c.json({ requestId: req.requestId, confirmed: r.confirmed, message: r.reason }, 200);
    }
    const result = await intake.submit(body.events, req, 202);
    return c.json({ requestId: req.requestId, ...result }, 202);
  });

  return router.openapi(
    createRoute({
      method: 'get',
      path: '/api/events',
      summary: 'The bucket event log, newest first, with filters and paging',
      request: { query: eventsQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(eventSchema), ...pageFields }), 'A page of events') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      // The scheduler closes finished events every second; reading closes them first, so the log
      // is current even where no scheduler runs (a second API process, tests).
      await closeFinishedEvents(log);
      const page = await log.list({ status: q.status, graphId: q.graph, bucket: q.bucket }, q.limit, q.offset);
      return c.json({ ...page, items: page.items.map(toEventView) }, 200);
    },
  );
}

function toEventView(e: BucketEventView): z.infer<typeof eventSchema> {
  return {
    id: e.id,
    requestId: e.requestId,
    receivedAt: e.receivedAt.toISOString(),
    status: e.status,
    reason: e.reason,
    httpStatus: e.httpStatus,
    source: e.source,
    eventName: e.eventName,
    bucket: e.bucket,
    key: e.key,
    size: e.size,
    etag: e.etag,
    versionId: e.versionId,
    sequencer: e.sequencer,
    duplicateOf: e.duplicateOf,
    finishedAt: e.finishedAt?.toISOString() ?? null,
    runs: e.runs,
  };
}
