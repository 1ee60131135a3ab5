import { z } from 'zod';

export const sourceLocalConfig = z.strictObject({
  folder: z
    .string()
    .min(1, 'must name a folder')
    .meta({
      title: 'Folder',
      description:
        'Absolute, or relative to the graph file\'s folder (`sluice run`) or the data folder (a stored graph). Must lie inside an allowed root.',
    }),
  patterns: z
    .array(z.string().min(1, 'a pattern must not be empty'))
    .min(1, 'list at least one pattern')
    .default(['**/*'])
    .meta({
      title: 'Patterns',
      description: 'Glob patterns on the path relative to the folder, e.g. `**/*.csv.gz`; `!pattern` excludes. A pattern without "/" matches the file name at any depth.',
    }),
  recursive: z.boolean().default(true).meta({ title: 'Recursive', description: 'Also list the files in sub-folders.' }),
  maxFileSize: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ title: 'Maximum file size (bytes)', description: 'A bigger file fails with a message naming it and both sizes, and is not read.' }),
  mode: z
    .enum(['all', 'incremental'])
    .default('all')
    .meta({
      title: 'Mode',
      description: '`all` lists every file (a checkpoint node skips the unchanged ones); `incremental` skips files modified before the watermark minus the lookback.',
    }),
  lookbackSeconds: z
    .number()
    .int()
    .min(0)
    .default(3600)
    .meta({
      title: 'Lookback (seconds)',
      description: 'In incremental mode, files modified up to this long before the watermark are still listed, so a late file with an older time is not missed.',
      showWhen: { mode: 'incremental' },
    }),
});

export type SourceLocalConfig = z.output<typeof sourceLocalConfig>;
