import { z } from '@hono/zod-openapi';
import type { RunRow } from '@sluice/store';

const issueSchema = z.object({ at: z.string(), node: z.string().optional(), file: z.string().optional(), message: z.string() }).openapi('RunIssue');

const nodeStatsSchema = z
  .object({
    state: z.enum(['idle', 'running', 'done', 'failed', 'cancelled']),
    filesIn: z.number(),
    filesOut: z.number(),
    filesSkipped: z.number(),
    filesFailed: z.number(),
    rowsIn: z.number(),
    rowsOut: z.number(),
    bytesIn: z.number(),
    bytesOut: z.number(),
    queued: z.number(),
    progress: z.object({ done: z.number(), total: z.number().optional(), unit: z.string().optional() }).optional(),
    errors: z.number(),
    warnings: z.number(),
  })
  .openapi('NodeStats');

export const runViewSchema = z
  .object({
    id: z.string(),
    graphId: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    trigger: z.string(),
    params: z.record(z.string(), z.unknown()),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    attempts: z.number().int().openapi({ description: 'Times the run was started; above 1 after a crash re-queued it' }),
    graphRevision: z.number().int().nullable(),
    files: z.object({ processed: z.number(), skipped: z.number(), failed: z.number() }).nullable(),
    rows: z.number().nullable(),
    nodes: z.record(z.string(), nodeStatsSchema).openapi({ description: 'Per-node counters (live while running)' }),
    errors: z.array(issueSchema),
    warnings: z.array(issueSchema),
  })
  .openapi('Run');

export type RunView = z.infer<typeof runViewSchema>;

export function toRunView(r: RunRow): RunView {
  return {
    id: r.id,
    graphId: r.graphId,
    status: r.status,
    trigger: r.triggerKind,
    params: r.triggerParams,
    queuedAt: r.queuedAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    attempts: r.attempts,
    graphRevision: r.graphRevision,
    files: r.files,
    rows: r.rows,
    nodes: r.nodes ?? {},
    errors: r.errors,
    warnings: r.warnings,
  };
}
