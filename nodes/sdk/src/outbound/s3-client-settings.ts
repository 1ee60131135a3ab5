import type { RunAccess, SecretResolver } from '../node-context.ts';
import { type CredentialNames, type KeyCredentials, namedCredentials } from '../named-credentials.ts';
import { type OutboundHandler, outboundHandler } from './outbound-handler.ts';

/** The connection fields every S3 node's config holds (source-s3, bronze-sink). */
export interface S3ConnectionConfig extends CredentialNames {
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Tries per request (default 6). */
  maxAttempts?: number;
  /** Seconds to open a connection (default 15). */
  connectTimeoutSeconds?: number;
  /** Seconds a request may stay silent (default 120). */
  requestTimeoutSeconds?: number;
}

/** The settings of an AWS SDK S3Client (`new S3Client(settings)`), as plain values: the SDK holds no AWS code. */
export interface S3ClientSettings {
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  maxAttempts: number;
  retryMode: 'adaptive';
  followRegionRedirects: false;
  requestHandler: OutboundHandler['requestHandler'];
  credentials?: KeyCredentials;
}

/**
 * The one way an S3 node builds its client (source-s3, bronze-sink, uploads into a source-s3 node):
 *
 * - the endpoint is checked first (checkEndpoint): one that is, or resolves to, a loopback, private,
 *   link-local or metadata address is refused unless the runtime lists it in SLUICE_ALLOWED_ENDPOINTS
 *   (`access.allowedEndpoints`), before any credential is resolved or signed; every connection is
 *   checked again on the address it really uses (guardedAgents: DNS rebinding, bucket host names);
 * - credentials are resolved by name through the run's SecretResolver; without names the SDK's
 *   default chain applies (AWS_* variables, profiles, instance and container roles);
 * - timeouts: without them a store that accepts the connection and says nothing holds a run forever;
 *   a timeout is a transient error, retried like the others (the SDK's adaptive mode: throttling,
 *   5xx, resets, with backoff and jitter). The idle limit is generous because a download may wait on
 *   a slow consumer (backpressure), and a 16 MiB part on a slow link takes its time;
 * - no redirect is followed: the SDK follows none, and `followRegionRedirects` stays off.
 *
 * Give `endpoint` to reportUnansweredAs with the client, so that every failure that is not the
 * store's own answer reads the same (refused, closed, timed out, not S3).
 */
export async function s3ClientSettings(
  config: S3ConnectionConfig,
  context: { secrets: SecretResolver; access?: RunAccess },
): Promise<{ settings: S3ClientSettings; endpoint: string }> {
  const outbound = await outboundHandler(config.endpoint, {
    allowedEndpoints: context.access?.allowedEndpoints,
    connectionTimeout: (config.connectTimeoutSeconds ?? 15) * 1000,
    requestTimeout: (config.requestTimeoutSeconds ?? 120) * 1000,
    label: `AWS S3 (${config.region})`,
  });
  const credentials = await namedCredentials(config, context.secrets);
  return {
    endpoint: outbound.endpoint,
    settings: {
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      maxAttempts: config.maxAttempts ?? 6,
      retryMode: 'adaptive',
      followRegionRedirects: false,
      requestHandler: outbound.requestHandler,
      ...(credentials ? { credentials } : {}),
    },
  };
}
