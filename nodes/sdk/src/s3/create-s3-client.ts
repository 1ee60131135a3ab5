import { S3Client } from '@aws-sdk/client-s3';
import type { RunAccess, SecretResolver } from '../node-context.ts';
import { reportUnansweredAs } from '../outbound/outbound-handler.ts';
import { type S3ConnectionConfig, s3ClientSettings } from '../outbound/s3-client-settings.ts';

/**
 * The one S3 client factory of every S3-touching node and of the host's uploads. Built by
 * s3ClientSettings: the endpoint checked against the run's allowed endpoints (SLUICE_ALLOWED_ENDPOINTS)
 * before any credential is resolved, every connection checked on the address it really uses,
 * connection and request timeouts (the connection's own, or 15 s and 120 s), adaptive retries, no
 * redirects; and every failure that is not the store's own answer reads the same
 * (EndpointUnreachableError), so that a graph cannot map a network through error messages.
 * Destroy the client when done (`client.destroy()`): it holds keep-alive sockets.
 */
export async function createS3Client(connection: S3ConnectionConfig, context: { secrets: SecretResolver; access?: RunAccess | undefined }): Promise<S3Client> {
  const { settings, endpoint } = await s3ClientSettings(connection, context);
  return reportUnansweredAs(new S3Client(settings), endpoint);
}
