import { z } from 'zod';

export const parseJsonConfig = z.strictObject({
  format: z.enum(['auto', 'json', 'jsonl']).default('auto').meta({
    title: 'Format',
    description: 'auto: a file starting with "[", or one object, is a JSON document; objects one per line (or a .jsonl/.ndjson name) are JSON Lines.',
  }),
  maxDepth: z.number().int().min(0).max(32).default(10).meta({
    title: 'Flatten depth',
    description: 'Levels of nested objects flattened into parent_child columns; deeper objects are kept as JSON text. 0 keeps every object as JSON text.',
  }),
  separator: z.string().min(1).max(4).default('_').meta({ title: 'Separator', description: 'Joins parent and child names of flattened columns.' }),
  arrays: z.enum(['json', 'explode']).default('json').meta({
    title: 'Arrays',
    description:
      'json: an array stays in one cell as JSON text. explode: one row per element (several arrays in one record give every combination; an empty array gives one row with null).',
  }),
  types: z.enum(['strings', 'infer']).default('strings').meta({
    title: 'Value types',
    description:
      'strings: every value is landed as text, exactly as written (lossless; types are decided in Silver). infer: numbers and booleans keep their type; a column of mixed types becomes text.',
  }),
  badLines: z
    .enum(['fail', 'skip', 'rescue'])
    .default('fail')
    .meta({
      title: 'Malformed JSON Lines',
      description:
        'fail: the file fails, naming the line and the cause. skip: bad lines are dropped and counted in a warning. rescue: each bad line is kept as a row whose _rescued_data column holds the raw line.',
      showWhen: { format: ['auto', 'jsonl'] },
    }),
  scanAboveMiB: z
    .number()
    .min(0)
    .default(32)
    .meta({
      title: 'Scan lazily above (MiB)',
      description: 'JSON Lines files larger than this are scanned lazily and streamed to the sink instead of being read into memory.',
      showWhen: { format: ['auto', 'jsonl'] },
    }),
  batchFiles: z.number().int().min(1).max(1000).default(200).meta({
    title: 'Files read at once at most',
    description:
      'Small files that arrive together are read off the main thread, each as it would be alone, and files with the same columns go on as one table (one Bronze part); a bad one is found by reading the batch again in halves. 1 reads every file on its own.',
  }),
  // A batch's tables are held on the thread and then on the main thread: W2 by `sluice run` peaked
  // at ~850 MiB RSS with 16 MiB batches, 450-550 with 4, 380-445 with 2 (~15 files of 134 KB), at
  // the same speed within the noise (parse-json README, issue 14).
  batchMiB: z.number().min(1).max(1024).default(2).meta({
    title: 'Source MiB per batch at most',
    description: 'A batch closes at this many MiB of files; a file at least this big is read on its own.',
  }),
  batchLingerMs: z.number().int().min(0).max(5000).default(50).meta({
    title: 'Wait for a batch (ms)',
    description: 'How long the first file of a batch waits for others to join it: more gives larger batches; less hands a lone file on sooner.',
  }),
});
export type ParseJsonConfig = z.output<typeof parseJsonConfig>;
