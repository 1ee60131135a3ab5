import { credentialRef } from '@sluice/sdk';
import { z } from 'zod';

export const SCHEMA_MODES = ['evolve', 'strict', 'rescue'] as const;

/** Connection to S3 when `root` is `s3://...`; credentials by name only, never their values. */
const s3Fields = {
  endpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:9000' })
    .optional()
    .meta({ title: 'S3 endpoint', description: 'For MinIO, Ceph RGW or another S3-compatible store; empty for AWS. Used when the root is s3://.' }),
  region: z.string().min(1).default('us-east-1').meta({ title: 'S3 region', description: "The bucket's region (any value for most S3-compatible stores)." }),
  forcePathStyle: z
    .boolean()
    .default(false)
    .meta({ title: 'S3 path-style addressing', description: 'Address buckets as `endpoint/bucket/key`; needed by MinIO and Ceph.' }),
  accessKeyId: credentialRef('Name of the credential holding the S3 access key id; empty: the default AWS chain.')
    .optional()
    .meta({ title: 'S3 access key id (credential name)' }),
  secretAccessKey: credentialRef('Name of the credential holding the S3 secret access key; required with an access key id.')
    .optional()
    .meta({ title: 'S3 secret access key (credential name)' }),
  sessionToken: credentialRef('Name of the credential holding an S3 session token, for temporary credentials.')
    .optional()
    .meta({ title: 'S3 session token (credential name)' }),
};

export const bronzeSinkConfig = z
  .strictObject({
    root: z
      .string()
      .min(1, 'must name a folder')
      .default('bronze')
      .meta({
        title: 'Bronze root',
        description: 'Folder of the Bronze layer (absolute, or relative to the data folder), or an S3 location `s3://bucket/prefix`. Tables are sub-folders.',
      }),
    table: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be a table name: letters, digits, "_", "." and "-", not starting with "." or "-"')
      .meta({ title: 'Table', description: 'Name of the Bronze table (its folder under the root).' }),
    schemaMode: z
      .enum(SCHEMA_MODES)
      .default('evolve')
      .meta({
        title: 'Schema mode',
        description:
          '`evolve`: new columns add a schema version (missing ones are absent, read as null); `strict`: a file whose columns differ fails with the diff; `rescue`: columns that do not fit go into `_rescued_data` as JSON.',
      }),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(2)
      .meta({ title: 'Files written at once', description: 'Each write streams one file through polars; more than the number of cores rarely helps.' }),
    ...s3Fields,
  })
  .refine((c) => !c.accessKeyId === !c.secretAccessKey, {
    message: 'accessKeyId and secretAccessKey name credentials together: give both, or neither for the default AWS chain',
    path: ['secretAccessKey'],
  });

export type BronzeSinkConfig = z.output<typeof bronzeSinkConfig>;
export type SchemaMode = (typeof SCHEMA_MODES)[number];
