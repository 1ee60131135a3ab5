import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { checkEndpoint, type LookupAll, lookupAll } from './check-endpoint.ts';
import { EndpointNotAllowedError, EndpointUnreachableError } from './endpoint-errors.ts';
import { guardedAgents } from './guarded-agents.ts';

/** The HTTP handler settings of a client (the AWS SDK's `requestHandler` takes them as they are). */
export interface OutboundHandler {
  /** What errors call the endpoint: its origin, or `label` when the client finds its own (AWS). */
  endpoint: string;
  requestHandler: {
    connectionTimeout: number;
    requestTimeout: number;
    socketTimeout: number;
    throwOnRequestTimeout: true;
    httpAgent: HttpAgent;
    httpsAgent: HttpsAgent;
  };
}

export interface OutboundOptions {
  /** The runtime's SLUICE_ALLOWED_ENDPOINTS (RunAccess.allowedEndpoints); none given: no private endpoint. */
  allowedEndpoints?: readonly string[];
  /** Milliseconds to open a connection. */
  connectionTimeout: number;
  /** Milliseconds a request may stay silent. */
  requestTimeout: number;
  /** How an endpoint the client derives itself is named in errors (e.g. "AWS S3 in eu-west-1"). */
  label?: string;
  lookup?: LookupAll;
}

/**
 * Everything a node's HTTP client needs to call a configured endpoint safely: the endpoint checked
 * (checkEndpoint: refused before the client exists, so no credential is ever signed for it), agents
 * that check the address of every connection they open (guardedAgents: rebinding, derived host
 * names), and timeouts, without which a listener that accepts and stays silent holds a run forever.
 */
export async function outboundHandler(endpoint: string | undefined, o: OutboundOptions): Promise<OutboundHandler> {
  const allowed = o.allowedEndpoints ?? [];
  const lookup = o.lookup ?? lookupAll;
  const checked = endpoint === undefined ? undefined : await checkEndpoint(endpoint, allowed, lookup);
  const agents = guardedAgents(allowed, { keepAlive: true, maxSockets: 50 }, lookup);
  return {
    endpoint: checked?.origin ?? o.label ?? 'the default endpoint',
    // The AWS SDK's requestTimeout only logs a warning unless throwOnRequestTimeout is set: without it
    // a store that accepts the connection and never answers held the request (and the run) until the
    // socket's default timeout. socketTimeout bounds a body that stalls after the headers arrived.
    requestHandler: {
      connectionTimeout: o.connectionTimeout,
      requestTimeout: o.requestTimeout,
      socketTimeout: o.requestTimeout,
      throwOnRequestTimeout: true,
      ...agents,
    },
  };
}

/**
 * The error a caller may see for a failed call: the service's own answer (an AWS SDK error carries
 * the `x-amz-request-id` it answered with as `$metadata.requestId`), a cancellation, or a refusal
 * kept as they are; anything else (refused, reset, timed out, TLS, an HTTP service that is not S3)
 * becomes EndpointUnreachableError, whose message is the same for all of them. The cause is kept
 * for the logs.
 */
export function unlessAnswered(err: unknown, endpoint: string): unknown {
  const e = err as { name?: string; $metadata?: { requestId?: string; extendedRequestId?: string } } | undefined;
  if (!e || typeof e !== 'object') return err;
  if (e instanceof EndpointNotAllowedError || e instanceof EndpointUnreachableError || e.name === 'AbortError') return err;
  if (e.$metadata?.requestId || e.$metadata?.extendedRequestId) return err;
  // The refusal of a guarded agent reaches the caller wrapped by the client (its cause, or the error itself).
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof EndpointNotAllowedError) return cause;
  return new EndpointUnreachableError(endpoint, { cause: err });
}

/** A client with an AWS-SDK-style middleware stack (typed loosely: the SDK's own handler types are not the SDK's to import). */
export interface MiddlewareClient {
  middlewareStack: {
    add(middleware: (next: (args: any) => Promise<any>) => (args: any) => Promise<any>, options: { step: 'initialize'; name: string }): void;
  };
}

/**
 * Makes every call of `client` fail with `unlessAnswered`'s error: outermost, after the client's own
 * retries, so a transient failure is still retried and only the final error is replaced.
 */
export function reportUnansweredAs<C extends MiddlewareClient>(client: C, endpoint: string): C {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        throw unlessAnswered(err, endpoint);
      }
    },
    { step: 'initialize', name: 'sluiceUnansweredErrors' },
  );
  return client;
}
