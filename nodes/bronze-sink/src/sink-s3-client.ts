import { S3Client } from '@aws-sdk/client-s3';
import { reportUnansweredAs, type RunAccess, s3ClientSettings, type SecretResolver } from '@sluice/sdk';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';

/**
 * The S3 client of one run of the sink, built as source-s3 builds its own (the SDK's
 * s3ClientSettings): endpoint checked against the run's allowed endpoints before any credential is
 * resolved, every connection checked on its address, connection and request timeouts, adaptive
 * retries (part by part in a multipart upload), no redirects, and one message for every failure
 * that is not the store's own answer.
 */
export async function sinkS3Client(config: BronzeSinkConfig, context: { secrets: SecretResolver; access?: RunAccess }): Promise<S3Client> {
  const { settings, endpoint } = await s3ClientSettings(config, context);
  return reportUnansweredAs(new S3Client(settings), endpoint);
}
