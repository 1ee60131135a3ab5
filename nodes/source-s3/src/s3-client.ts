import { S3Client } from '@aws-sdk/client-s3';
import { reportUnansweredAs, type RunAccess, s3ClientSettings, type SecretResolver } from '@sluice/sdk';
import type { SourceS3Config } from './source-s3-config.ts';

export type { SourceS3Config } from './source-s3-config.ts';

/**
 * The S3 client of one run (and of an upload into the node's bucket), built by the SDK's
 * s3ClientSettings: endpoint checked against the run's allowed endpoints before any credential is
 * resolved, every connection checked on its address, timeouts, adaptive retries, no redirects, and
 * one message for every failure that is not the store's own answer.
 */
export async function createS3Client(config: SourceS3Config, context: { secrets: SecretResolver; access?: RunAccess }): Promise<S3Client> {
  const { settings, endpoint } = await s3ClientSettings(config, context);
  return reportUnansweredAs(new S3Client(settings), endpoint);
}
