import { z } from 'zod';

/**
 * Config fields every file source has, with one meaning whatever the store: which files (patterns
 * on keys relative to the source's folder or prefix, see `compilePatterns`), how big at most, and
 * all or incremental listing (see `WatermarkTracker`). A source spreads them into its schema.
 */
export const sourceFields = {
  patterns: z.array(z.string().min(1, 'a pattern must not be empty')).min(1, 'list at least one pattern').default(['**/*']).meta({
    title: 'Patterns',
    description:
      'Glob patterns on the path relative to the folder or prefix, e.g. `**/*.csv.gz`; `!pattern` excludes. A pattern without "/" matches the file name at any depth.',
  }),
  maxFileSize: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ title: 'Maximum file size (bytes)', description: 'A bigger file fails with a message naming it and both sizes, and is not read.' }),
  mode: z.enum(['all', 'incremental']).default('all').meta({
    title: 'Mode',
    description:
      '`all` lists every file (a checkpoint node skips the unchanged ones); `incremental` skips files modified before the watermark minus the lookback.',
  }),
  lookbackSeconds: z
    .number()
    .int()
    .min(0)
    .default(3600)
    .meta({
      title: 'Lookback (seconds)',
      description:
        'In incremental mode, files modified up to this long before the watermark are still listed, so a late file with an older time is not missed.',
      showWhen: { mode: 'incremental' },
    }),
};
