import type { WebhookTrigger as WebhookSettings } from '@sluice/sdk';
import { type HookRequestRepository, type RunRow, runParamsProblem, type Store } from '@sluice/store';
import { jsonText } from '../http/json-text.ts';
import { checkSignature, DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './hmac-signature.ts';
import type { RunQueue } from './run-queue.ts';
import { presentedToken, secretsEqual } from './secret-compare.ts';
import type { TriggerIndex } from './trigger-index.ts';

export const WEBHOOK_TRIGGER = 'webhook';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface HookRequest {
  /** The part of the URL after `/hooks/`. */
  path: string;
  header(name: string): string | undefined;
  body: Buffer;
  receivedAt: Date;
  remote?: string;
}

export type HookAnswer = { ok: true; status: 202; run: RunRow; wait: boolean } | { ok: false; status: 400 | 401 | 403 | 404 | 409 | 413 | 422; error: string };

/**
 * `POST /hooks/<path>`: finds the graph whose enabled webhook has the path, checks the bearer token
 * or the HMAC signature (timestamp window, and a signature is accepted once: the request log keeps
 * it under a unique index), and queues a run whose params are the JSON body's fields plus the chosen
 * headers. The request is logged, accepted or refused, before the caller answers; an accepted one
 * in the same transaction as its run.
 */
export class WebhookTrigger {
  readonly log: HookRequestRepository;

  constructor(
    private readonly store: Pick<Store, 'hookRequests' | 'transaction'>,
    private readonly index: TriggerIndex,
    private readonly queue: RunQueue,
    private readonly secret: (name: string) => Promise<string | undefined>,
  ) {
    this.log = store.hookRequests;
  }

  async take(req: HookRequest): Promise<HookAnswer> {
    const refuse = async (status: 400 | 401 | 403 | 404 | 409 | 413 | 422, error: string, graphId?: string): Promise<HookAnswer> => {
      await this.log.record({ receivedAt: req.receivedAt, path: req.path, graphId, status: 'rejected', httpStatus: status, reason: error, remote: req.remote });
      return { ok: false, status, error };
    };
    const graphs = await this.index.hooked(req.path);
    if (graphs.length === 0) return refuse(404, `no graph has an enabled webhook at /hooks/${req.path}`);
    if (graphs.length > 1)
      return refuse(409, `graphs ${graphs.map((g) => `"${g.graphId}"`).join(' and ')} both claim /hooks/${req.path}; give each its own path`);
    const graphId = graphs[0]!.graphId;
    const hook = graphs[0]!.triggers.webhook as WebhookSettings;

    const secret = await this.secret(hook.secretRef);
    if (!secret) return refuse(403, `the webhook's secret credential "${hook.secretRef}" is not set: the hook refuses every request until it is`, graphId);
    let signature: string | undefined;
    if (hook.auth === 'bearer') {
      const token = presentedToken(req.header('authorization'));
      if (!token) return refuse(401, 'missing "Authorization: Bearer <token>"', graphId);
      if (!secretsEqual(token, secret)) return refuse(401, 'the bearer token is wrong', graphId);
    } else {
      const check = checkSignature(
        secret,
        { signature: req.header(SIGNATURE_HEADER), timestamp: req.header(TIMESTAMP_HEADER) },
        req.body,
        req.receivedAt,
        hook.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      );
      if (!check.ok) return refuse(401, check.reason, graphId);
      signature = check.signature;
    }

    // Told only to a caller that proved it holds the secret: a draft's problems are the graph's business.
    if (graphs[0]!.cannotRun) return refuse(422, graphs[0]!.cannotRun, graphId);

    const params = paramsOf(req, hook.passHeaders ?? []);
    if (typeof params === 'string') return refuse(400, params, graphId);
    const tooBig = runParamsProblem(params);
    if (tooBig) return refuse(413, tooBig, graphId);
    const idempotencyKey = req.header(IDEMPOTENCY_HEADER);
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey))
      return refuse(400, `${IDEMPOTENCY_HEADER} must be 1 to 200 visible ASCII characters`, graphId);

    // The replay check and the run are one transaction: two copies of a signed request racing
    // each other cannot both get a run.
    const accepted = await this.store.transaction(async () => {
      const replayOf = signature ? await this.log.signatureUsedBy(signature) : undefined;
      if (replayOf !== undefined) return { replayOf };
      const { run } = await this.queue.enqueue(graphId, {
        kind: WEBHOOK_TRIGGER,
        params,
        ...(idempotencyKey ? { dedupeKey: `webhook:${graphId}:${idempotencyKey}` } : {}),
      });
      await this.log.record({
        receivedAt: req.receivedAt,
        path: req.path,
        graphId,
        status: 'accepted',
        httpStatus: 202,
        runId: run.id,
        signature,
        remote: req.remote,
      });
      return { run };
    });
    if ('replayOf' in accepted)
      return refuse(409, `replayed request: this signature was already accepted (request ${accepted.replayOf}); sign each request anew`, graphId);
    return { ok: true, status: 202, run: accepted.run, wait: hook.waitForRun ?? false };
  }
}

/** The run's params: the JSON body's fields, and the chosen headers under `headers`; or the problem. */
function paramsOf(req: HookRequest, passHeaders: string[]): Record<string, unknown> | string {
  // UTF-8 and nesting checked as for the API's JSON bodies: no U+FFFD stored, no stack overflow later.
  const checked = jsonText(req.body);
  if ('error' in checked) return checked.error;
  const text = checked.text.trim();
  let body: unknown = {};
  if (text) {
    try {
      body = JSON.parse(text);
    } catch (err) {
      return `the body is not valid JSON: ${(err as Error).message}`;
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return "the body must be a JSON object; its fields become the run's params";
  const params = { ...(body as Record<string, unknown>) };
  if (params.keys !== undefined && (!Array.isArray(params.keys) || params.keys.some((k) => typeof k !== 'string' || k === ''))) {
    return '"keys" must be a list of file keys (non-empty strings)';
  }
  if ('headers' in params) return '"headers" is reserved for the request headers passed to the run';
  if ('keyFacts' in params) return '"keyFacts" is reserved for what bucket events say of their objects';
  const headers: Record<string, string> = {};
  for (const name of passHeaders) {
    const lower = name.toLowerCase();
    const value = lower === 'authorization' ? undefined : req.header(lower);
    if (value !== undefined) headers[lower] = value;
  }
  if (passHeaders.length) params.headers = headers;
  return params;
}
