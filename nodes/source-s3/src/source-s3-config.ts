import { requireCredentialPair, s3BucketName, s3ConnectionFields, sourceFields } from '@sluice/sdk';
import { z } from 'zod';

export const sourceS3Config = requireCredentialPair(
  z.strictObject({
    bucket: s3BucketName.meta({ title: 'Bucket', description: 'The bucket to list.' }),
    prefix: z.string().default('').meta({
      title: 'Prefix',
      description: 'Only keys under this prefix are listed, e.g. `incoming/`. Patterns match the rest of the key.',
    }),
    patterns: sourceFields.patterns,
    ...s3ConnectionFields,
    maxFileSize: sourceFields.maxFileSize,
    mode: sourceFields.mode,
    lookbackSeconds: sourceFields.lookbackSeconds,
    pageSize: z.number().int().min(1).max(1000).default(1000).meta({
      title: 'Listing page size',
      description: 'Keys asked for per ListObjectsV2 call (S3 returns at most 1000). Files are emitted as each page arrives.',
    }),
  }),
);

export type SourceS3Config = z.output<typeof sourceS3Config>;
