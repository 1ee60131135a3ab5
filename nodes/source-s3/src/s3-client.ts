import { S3Client } from '@aws-sdk/client-s3';
import type { SecretResolver } from '@sluice/sdk';
import type { SourceS3Config } from './source-s3-config.ts';

/**
 * The S3 client of one run. Credentials are resolved here, by name, from the runtime's credential
 * store or the environment (`secrets`): a graph holds only the names. Without names the SDK's
 * default chain applies (AWS_* variables, profiles, instance and container roles).
 *
 * Retries: the SDK's adaptive mode retries throttling (SlowDown, 503, ThrottlingException) and
 * transient errors (5xx, timeouts, connection resets) with exponential backoff and jitter, and
 * slows its own sending rate while the store throttles.
 */
export async function createS3Client(config: SourceS3Config, secrets: SecretResolver): Promise<S3Client> {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    maxAttempts: config.maxAttempts,
    retryMode: 'adaptive',
    // Without these a store that accepts the connection and then says nothing hangs a run forever;
    // a timeout is a transient error, retried like the others. The idle limit is generous because a
    // download may wait on a slow consumer (backpressure) before it reads on.
    requestHandler: { connectionTimeout: 15_000, requestTimeout: 120_000 },
    ...(config.accessKeyId ? { credentials: await namedCredentials(config, secrets) } : {}),
  });
}

async function namedCredentials(config: SourceS3Config, secrets: SecretResolver) {
  const resolve = async (field: 'accessKeyId' | 'secretAccessKey' | 'sessionToken') => {
    const name = config[field]!;
    const value = await secrets.get(name);
    if (!value) throw new Error(`credential "${name}" (named by ${field}) is not in the credential store or the environment`);
    return value;
  };
  return {
    accessKeyId: await resolve('accessKeyId'),
    secretAccessKey: await resolve('secretAccessKey'),
    ...(config.sessionToken ? { sessionToken: await resolve('sessionToken') } : {}),
  };
}
