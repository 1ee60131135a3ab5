import { requireCredentialPair, s3ConnectionFields } from '@sluice/sdk';
import { z } from 'zod';

export const SCHEMA_MODES = ['evolve', 'strict', 'rescue'] as const;

export const bronzeSinkConfig = requireCredentialPair(
  z.strictObject({
    root: z.string().min(1, 'must name a folder').default('bronze').meta({
      title: 'Bronze root',
      pathKind: 'output-folder',
      description: 'Folder of the Bronze layer (absolute, or relative to the data folder), or an S3 location `s3://bucket/prefix`. Tables are sub-folders.',
    }),
    table: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be a table name: letters, digits, "_", "." and "-", not starting with "." or "-"')
      .meta({ title: 'Table', description: 'Name of the Bronze table (its folder under the root).' }),
    schemaMode: z.enum(SCHEMA_MODES).default('evolve').meta({
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
    batchFiles: z.number().int().min(1).max(256).default(200).meta({
      title: 'Files per part at most',
      description:
        'Small files arriving together land as one part and one commit (each keeps its own manifest entry and is replaced exactly). 1 gives every file a part of its own.',
    }),
    batchMiB: z.number().min(1).max(1024).default(64).meta({
      title: 'Source MiB per part at most',
      description: 'A batch closes at this many MiB of source files; a file at least this big lands as a part of its own.',
    }),
    batchLingerMs: z.number().int().min(0).max(5000).default(100).meta({
      title: 'Wait for a batch (ms)',
      description: 'How long the first file of a batch waits for others to join it: more gives fewer, larger parts; less lands a lone file sooner.',
    }),
    // The S3 connection, used when the root is `s3://...`: the same fields as every S3 node's.
    ...s3ConnectionFields,
  }),
);

export type BronzeSinkConfig = z.output<typeof bronzeSinkConfig>;
export type SchemaMode = (typeof SCHEMA_MODES)[number];
