import { z } from 'zod';
import { pageSchema } from './page.ts';
import { fileCountsSchema, nodeStatsSchema, runIssueSchema, runLogLineSchema, runStatusSchema } from './run-shapes.ts';

/** A run as `GET /api/runs/{id}` and the run lists answer it; null where the run has not got that far. */
export const runViewSchema = z
  .object({
    id: z.string(),
    graphId: z.string(),
    status: runStatusSchema,
    /** The trigger kind that queued it: manual, webhook, schedule, poll, backfill, bucket event. */
    trigger: z.string(),
    params: z.record(z.string(), z.unknown()),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    attempts: z.number().int().describe('Times the run was started; above 1 after a crash re-queued it'),
    graphRevision: z.number().int().nullable(),
    files: fileCountsSchema.nullable(),
    rows: z.number().nullable(),
    nodes: z.record(z.string(), nodeStatsSchema).describe('Per-node counters (live while running)'),
    errors: z.array(runIssueSchema),
    warnings: z.array(runIssueSchema),
  })
  .meta({ id: 'Run' });
export type RunView = z.infer<typeof runViewSchema>;

export const runPageSchema = pageSchema(runViewSchema);
export type RunPage = z.infer<typeof runPageSchema>;

/** `POST /api/graphs/{id}/runs`: the run is stored in the queue before this answer. */
export const runQueuedSchema = z.object({ runId: z.string(), status: z.literal('queued') });

/** `POST /api/runs/{id}/cancel`: a queued run is cancelled at once, a running one is told to stop. */
export const runCancelSchema = z.object({ runId: z.string(), result: z.enum(['cancelled', 'cancelling']) });

/** A stored log line, numbered from 1 within its run so that a reader can resume after the last it saw. */
export const runLogEntrySchema = runLogLineSchema.extend({ seq: z.number().int() }).meta({ id: 'LogLine' });
export type RunLogEntry = z.infer<typeof runLogEntrySchema>;

export const runLogPageSchema = z.object({
  items: z.array(runLogEntrySchema),
  next: z.number().int().describe('Pass as `after` for the next page'),
});
export type RunLogPage = z.infer<typeof runLogPageSchema>;
