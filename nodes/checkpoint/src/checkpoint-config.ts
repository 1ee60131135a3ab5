import { z } from 'zod';

export const checkpointConfig = z.strictObject({
  maxAttempts: z.number().int().min(1).max(1000).default(3).meta({
    title: 'Attempts before quarantine',
    description: 'A file that failed this many times in a row is quarantined: skipped until it changes or its record is reset.',
  }),
  reprocessChanged: z.boolean().default(true).meta({
    title: 'Process changed files again',
    description: 'A file whose fingerprint (size plus ETag or modification time) changed is processed again, and its Bronze rows replaced.',
  }),
  retentionDays: z.number().int().min(1).optional().meta({
    title: 'Retention (days)',
    description:
      'Prune records of processed files modified more than this many days before the source watermark. Files that old without a record are then skipped, never taken as new.',
  }),
});

export type CheckpointConfig = z.output<typeof checkpointConfig>;
