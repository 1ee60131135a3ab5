import { credentialRef, sourceFields } from '@sluice/sdk';
import { z } from 'zod';

export const sourceS3Config = z
  .strictObject({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens')
      .meta({ title: 'Bucket', description: 'The bucket to list.' }),
    prefix: z
      .string()
      .default('')
      .meta({
        title: 'Prefix',
        description: 'Only keys under this prefix are listed, e.g. `incoming/`. Patterns match the rest of the key.',
      }),
    patterns: sourceFields.patterns,
    endpoint: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:9000' })
      .optional()
      .meta({ title: 'Endpoint', description: 'For MinIO, Ceph RGW or another S3-compatible store; empty for AWS.' }),
    region: z.string().min(1).default('us-east-1').meta({ title: 'Region', description: 'The bucket\'s region (any value for most S3-compatible stores).' }),
    forcePathStyle: z
      .boolean()
      .default(false)
      .meta({ title: 'Path-style addressing', description: 'Address buckets as `endpoint/bucket/key` instead of `bucket.endpoint/key`; needed by MinIO and Ceph.' }),
    accessKeyId: credentialRef('Name of the credential that holds the access key id; empty: the default AWS chain (environment, profile, instance role).')
      .optional()
      .meta({ title: 'Access key id (credential name)' }),
    secretAccessKey: credentialRef('Name of the credential that holds the secret access key; required with an access key id.')
      .optional()
      .meta({ title: 'Secret access key (credential name)' }),
    sessionToken: credentialRef('Name of the credential that holds a session token, for temporary credentials.')
      .optional()
      .meta({ title: 'Session token (credential name)' }),
    maxFileSize: sourceFields.maxFileSize,
    mode: sourceFields.mode,
    lookbackSeconds: sourceFields.lookbackSeconds,
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(1000)
      .meta({ title: 'Listing page size', description: 'Keys asked for per ListObjectsV2 call (S3 returns at most 1000). Files are emitted as each page arrives.' }),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(6)
      .meta({
        title: 'Attempts per request',
        description: 'Tries per S3 request, with exponential backoff and jitter, on throttling (SlowDown, 503) and transient errors (5xx, timeouts, resets). A download cut off mid-stream resumes where it stopped.',
      }),
  })
  .refine((c) => !c.accessKeyId === !c.secretAccessKey, {
    message: 'accessKeyId and secretAccessKey name credentials together: give both, or neither for the default AWS chain',
    path: ['secretAccessKey'],
  });

export type SourceS3Config = z.output<typeof sourceS3Config>;
