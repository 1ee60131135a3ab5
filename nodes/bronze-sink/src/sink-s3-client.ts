import { S3Client } from '@aws-sdk/client-s3';
import type { SecretResolver } from '@sluice/sdk';
import type { BronzeSinkConfig } from './bronze-sink-config.ts';

/**
 * The S3 client of one run of the sink. Credentials are looked up by name (credential store, then
 * environment); without names the AWS default chain applies. The SDK's adaptive retries cover
 * throttling and transient errors, part by part in a multipart upload.
 */
export async function sinkS3Client(config: BronzeSinkConfig, secrets: SecretResolver): Promise<S3Client> {
  const secret = async (field: 'accessKeyId' | 'secretAccessKey' | 'sessionToken') => {
    const name = config[field]!;
    const value = await secrets.get(name);
    if (!value) throw new Error(`credential "${name}" (named by ${field}) is not in the credential store or the environment`);
    return value;
  };
  const credentials = config.accessKeyId
    ? { accessKeyId: await secret('accessKeyId'), secretAccessKey: await secret('secretAccessKey'), ...(config.sessionToken ? { sessionToken: await secret('sessionToken') } : {}) }
    : undefined;
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    retryMode: 'adaptive',
    maxAttempts: 6,
    ...(credentials ? { credentials } : {}),
  });
}
