import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { readBodyLimited, remoteOf } from '../triggers/request-input.ts';
import { type TriggerConfig, triggerConfigFromEnv } from '../triggers/trigger-config.ts';
import { TriggerIndex } from '../triggers/trigger-index.ts';
import { waitForRun } from '../triggers/wait-for-run.ts';
import { WebhookTrigger } from '../triggers/webhook-trigger.ts';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { newRouter } from './openapi-router.ts';
import { runViewSchema, toRunView } from './run-views.ts';
import { secretValue } from '@sluice/store';
import { runBlocker } from '../graphs/run-refusal.ts';

const PREFIX = '/hooks/';

/**
 * `POST /hooks/<path>`: the HTTP trigger of the graph whose enabled webhook has that path. Answers
 * 202 with the run id once the run is queued (durably), or, with `?wait=true` or the hook's
 * `waitForRun`, 200 with the run when it has ended (202 if it has not within the wait limit).
 */
export function hooksRoutes(deps: AppDeps, config: TriggerConfig = triggerConfigFromEnv()) {
  const hooks = new WebhookTrigger(deps.store, new TriggerIndex(deps.store.graphs, deps.registry, runBlocker(deps.registry)), deps.runs, (name) =>
    secretValue(deps.store.credentials, name),
  );
  const router = newRouter();

  router.openAPIRegistry.registerPath({
    method: 'post',
    path: '/hooks/{path}',
    summary: 'Start a run of the graph whose webhook trigger has this path',
    description:
      'Authenticated with `Authorization: Bearer <secret>`, or with `X-Sluice-Timestamp` (unix seconds) and `X-Sluice-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`; a signature is accepted once, within the tolerance window. The JSON body\'s fields become the run\'s params (`{"keys": [...]}` names files for the sources); `Idempotency-Key` makes a retried request find its first run.',
    request: {
      params: z.object({ path: z.string() }),
      query: z.object({ wait: z.enum(['true', 'false']).optional().openapi({ description: 'Wait for the run and answer with it' }) }),
    },
    responses: {
      202: jsonContent(z.object({ runId: z.string(), status: z.string() }), 'The run is queued'),
      200: jsonContent(runViewSchema, 'The run has ended (wait)'),
      400: errorResponse('The body is not a JSON object, or its keys are wrong'),
      401: errorResponse('No or wrong token or signature, or a timestamp outside the window'),
      403: errorResponse('The hook has no secret set'),
      404: errorResponse('No graph has an enabled webhook at this path'),
      409: errorResponse('A replayed signature, or two graphs claim the path'),
      413: errorResponse('The body is too big'),
      422: errorResponse('The graph is a draft: it cannot run until its problems (named in the message) are fixed'),
    },
  });

  router.post(`${PREFIX}*`, async (c: Context) => {
    const receivedAt = new Date();
    // Hook paths hold no character that needs encoding, so the raw path is compared as is.
    const path = c.req.path.slice(PREFIX.length);
    const body = await readBodyLimited(c.req.raw, config.maxHookBodyBytes);
    if (!body) {
      const error = `the body is over the limit of ${config.maxHookBodyBytes} bytes`;
      await hooks.log.record({ receivedAt, path, status: 'rejected', httpStatus: 413, reason: error, remote: remoteOf(c) });
      return c.json(errorBody(error), 413);
    }
    const answer = await hooks.take({ path, header: (n) => c.req.header(n), body, receivedAt, remote: remoteOf(c) });
    if (!answer.ok) return c.json(errorBody(answer.error), answer.status);
    const wait = c.req.query('wait') === undefined ? answer.wait : c.req.query('wait') === 'true';
    if (wait) {
      const run = await waitForRun((id) => deps.store.runs.get(id), answer.run.id, config.hookWaitMs, c.req.raw.signal);
      if (run && run.finishedAt) return c.json(toRunView(run), 200);
    }
    return c.json({ runId: answer.run.id, status: answer.run.status }, 202);
  });

  return router;
}
