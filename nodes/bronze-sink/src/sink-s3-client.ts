import type { S3Client } from '@aws-sdk/client-s3';
import type { RunAccess, SecretResolver } from '@sluice/sdk';
import { createS3Client } from '@sluice/sdk/s3';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';

/**
 * The S3 client of one run of the sink: the SDK's one S3 client factory, with the connection fields
 * of the sink's config (endpoint checked against the run's allowed endpoints before any credential
 * is resolved, every connection checked on its address, connection and request timeouts, adaptive
 * retries part by part in a multipart upload, no redirects).
 */
export function sinkS3Client(config: BronzeSinkConfig, context: { secrets: SecretResolver; access?: RunAccess }): Promise<S3Client> {
  return createS3Client(config, context);
}
