/** The runtime's setting that lists private endpoints, named in every refusal so that the fix is plain. */
export const ALLOWED_ENDPOINTS_SETTING = 'SLUICE_ALLOWED_ENDPOINTS';

/**
 * An endpoint refused before any byte was sent. The message says only that it is not allowed and how
 * to allow it: nothing about whether a host or port answers, so a refusal cannot be used to map a
 * network.
 */
export class EndpointNotAllowedError extends Error {
  override readonly name = 'EndpointNotAllowedError';
  constructor(
    readonly endpoint: string,
    why = 'it is a loopback, private, link-local or metadata address, or resolves to one',
  ) {
    super(
      `endpoint ${endpoint} is not allowed: ${why}. Only the runtime's ${ALLOWED_ENDPOINTS_SETTING} setting (','-separated origins such as http://127.0.0.1:7480) can allow such an endpoint`,
    );
  }
}

/**
 * One message for every way an endpoint can fail to give a usable answer: unknown host, connection
 * refused, reset or closed, timeout, TLS failure, or a service that is not the one expected. Telling
 * these apart would tell whoever wrote the graph which hosts and ports exist.
 */
export function endpointUnreachableMessage(endpoint: string): string {
  return `no usable answer from ${endpoint} (the host may be unknown or unreachable, the connection refused, dropped or timed out, or the service not the one expected)`;
}

/** An endpoint that gave no usable answer, whatever the cause (kept as `cause` for the logs only). */
export class EndpointUnreachableError extends Error {
  override readonly name = 'EndpointUnreachableError';
  constructor(
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(endpointUnreachableMessage(endpoint), options);
  }
}
