import { z } from 'zod';

// The run contract on the wire: what the executor reports, the store keeps and the API and the
// editor show. One definition, as zod schemas; the types are inferred from them.

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** A run that has ended. */
export const finishedRunStatusSchema = z.enum(['succeeded', 'failed', 'cancelled']);
export type FinishedRunStatus = z.infer<typeof finishedRunStatusSchema>;

export function isFinishedRunStatus(status: RunStatus): status is FinishedRunStatus {
  return finishedRunStatusSchema.safeParse(status).success;
}

/** `skipped`: the node ended without doing anything of its own because an earlier node failed. */
export const nodeStateSchema = z.enum(['idle', 'running', 'done', 'failed', 'skipped', 'cancelled']);
export type NodeState = z.infer<typeof nodeStateSchema>;

/** Live figures of one node in one run; what the canvas shows on each node. */
export const nodeStatsSchema = z
  .object({
    state: nodeStateSchema,
    filesIn: z.number(),
    filesOut: z.number(),
    filesSkipped: z.number(),
    filesFailed: z.number(),
    rowsIn: z.number(),
    rowsOut: z.number(),
    bytesIn: z.number(),
    bytesOut: z.number(),
    /** Items waiting in the node's input queue. */
    queued: z.number(),
    progress: z.object({ done: z.number(), total: z.number().optional(), unit: z.string().optional() }).optional(),
    errors: z.number(),
    warnings: z.number(),
  })
  .meta({ id: 'NodeStats' });
export type NodeStats = z.infer<typeof nodeStatsSchema>;

/** The figures of a node before it has done anything. */
export function emptyNodeStats(): NodeStats {
  return {
    state: 'idle',
    filesIn: 0,
    filesOut: 0,
    filesSkipped: 0,
    filesFailed: 0,
    rowsIn: 0,
    rowsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    queued: 0,
    errors: 0,
    warnings: 0,
  };
}

export const runIssueSchema = z
  .object({
    at: z.string(),
    node: z.string().optional(),
    /** The source file's URI, when the issue is about one file. */
    file: z.string().optional(),
    message: z.string(),
  })
  .meta({ id: 'RunIssue' });
export type RunIssue = z.infer<typeof runIssueSchema>;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const logLevelSchema = z.enum(LOG_LEVELS);

export const runLogLineSchema = z.object({
  at: z.string(),
  level: logLevelSchema,
  node: z.string().optional(),
  file: z.string().optional(),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type RunLogLine = z.infer<typeof runLogLineSchema>;

export const fileCountsSchema = z.object({ processed: z.number(), skipped: z.number(), failed: z.number() });

export const runSummarySchema = z.object({
  status: finishedRunStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  files: fileCountsSchema,
  rows: z.number(),
  nodes: z.record(z.string(), nodeStatsSchema),
  errors: z.array(runIssueSchema),
  warnings: z.array(runIssueSchema),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const fileOutcomeStatusSchema = z.enum(['processed', 'skipped', 'failed', 'cancelled']);

/** How one source file fared in a run. */
export const fileOutcomeSchema = z.object({
  node: z.string(),
  key: z.string(),
  uri: z.string(),
  status: fileOutcomeStatusSchema,
  rows: z.number(),
  error: z.string().optional(),
});
export type FileOutcome = z.infer<typeof fileOutcomeSchema>;

/** What the executor reports while a run goes (to the store, to live listeners). */
export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stats'), nodes: z.record(z.string(), nodeStatsSchema) }),
  z.object({ type: z.literal('log'), line: runLogLineSchema }),
  z.object({ type: z.literal('error'), issue: runIssueSchema }),
  z.object({ type: z.literal('warning'), issue: runIssueSchema }),
  fileOutcomeSchema.extend({ type: z.literal('file') }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;
