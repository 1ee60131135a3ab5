import { z } from 'zod';
import { credentialRef } from '../config-schema.ts';

/** S3's bucket naming rule: 3-63 lower-case letters, digits, dots and hyphens. */
export const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * A bucket name as S3 allows it. Checked, not only passed on: the bucket can become part of the host
 * name (virtual-hosted addressing), so `user@host:port` must never read as a bucket.
 */
export const s3BucketName = z.string().regex(S3_BUCKET_NAME, 'must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens');

/**
 * The fields of an S3 connection, spread flat into every S3 node's config (source-s3, bronze-sink):
 * the field names are a storage format (graphs saved with them must keep loading), so they are
 * declared once here. Credentials are named, never given: `credentialRef` holds a credential's name,
 * resolved at run time through the run's SecretResolver.
 */
export const s3ConnectionFields = {
  endpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:9000' })
    .optional()
    .meta({ title: 'S3 endpoint', description: 'For MinIO, Ceph RGW or another S3-compatible store; empty for AWS.' }),
  region: z.string().min(1).default('us-east-1').meta({ title: 'S3 region', description: "The bucket's region (any value for most S3-compatible stores)." }),
  forcePathStyle: z.boolean().default(false).meta({
    title: 'S3 path-style addressing',
    description: 'Address buckets as `endpoint/bucket/key` instead of `bucket.endpoint/key`; needed by MinIO and Ceph.',
  }),
  accessKeyId: credentialRef('Name of the credential that holds the access key id; empty: the default AWS chain (environment, profile, instance role).')
    .optional()
    .meta({ title: 'S3 access key id (credential name)' }),
  secretAccessKey: credentialRef('Name of the credential that holds the secret access key; required with an access key id.')
    .optional()
    .meta({ title: 'S3 secret access key (credential name)' }),
  sessionToken: credentialRef('Name of the credential that holds a session token, for temporary credentials.')
    .optional()
    .meta({ title: 'S3 session token (credential name)' }),
  maxAttempts: z.number().int().min(1).max(20).default(6).meta({
    title: 'Attempts per request',
    description:
      'Tries per S3 request, with exponential backoff and jitter, on throttling (SlowDown, 503) and transient errors (5xx, timeouts, resets). A download cut off mid-stream resumes where it stopped.',
  }),
  connectTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(300)
    .optional()
    .meta({ title: 'Connect timeout (seconds)', description: 'How long opening a connection to the store may take (default 15); a timed-out try is retried.' }),
  requestTimeoutSeconds: z.number().int().min(1).max(3600).optional().meta({
    title: 'Request timeout (seconds)',
    description: 'How long a request may stay silent, waiting for the store or for a slow reader (default 120); a timed-out try is retried.',
  }),
};

/** The credential names go together: an access key without its secret (or the reverse) is refused, naming both. */
export function requireCredentialPair<T extends z.ZodType<{ accessKeyId?: string | undefined; secretAccessKey?: string | undefined }>>(schema: T) {
  return schema.refine((c) => !c.accessKeyId === !c.secretAccessKey, {
    message: 'accessKeyId and secretAccessKey name credentials together: give both, or neither for the default AWS chain',
    path: ['secretAccessKey'],
  });
}

/** One S3 connection, bucket included: what a node that reads or writes one bucket holds in its config. */
export const s3ConnectionSchema = requireCredentialPair(z.strictObject({ bucket: s3BucketName, ...s3ConnectionFields }));

export type S3Connection = z.output<typeof s3ConnectionSchema>;
