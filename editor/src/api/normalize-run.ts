import { emptyNodeStats, fileCountsSchema, isFinishedRunStatus, nodeStatsSchema, type RunStatus, runIssueSchema, runStatusSchema } from '@sluice/sdk/wire';
import { z } from 'zod';
import { parseAnswer } from './parse-answer.ts';

const record = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const first = (...values: unknown[]) => values.find((v) => v !== undefined && v !== null);

/**
 * The fields of a run under the names of the wire's `runViewSchema`, from that shape or an older
 * one (the summary nested under `summary`, `runId`, `triggerKind`, `stats`); null becomes absent.
 */
function lift(raw: unknown): Record<string, unknown> {
  const r = record(raw);
  const s = record(r.summary);
  return {
    id: String(first(r.id, r.runId) ?? ''),
    graphId: first(r.graphId),
    status: first(r.status, s.status),
    startedAt: first(r.startedAt, s.startedAt, r.queuedAt, r.createdAt),
    finishedAt: first(r.finishedAt, s.finishedAt),
    files: first(r.files, s.files),
    rows: first(r.rows, s.rows),
    nodes: first(r.nodes, s.nodes, r.stats),
    errors: first(r.errors, s.errors),
    warnings: first(r.warnings, s.warnings),
    trigger: first(r.triggerKind, r.trigger),
  };
}

/** A node's figures with the counters it does not send yet at zero. */
const nodeFiguresSchema = z.preprocess((v) => ({ ...emptyNodeStats(), ...record(v) }), nodeStatsSchema);

/**
 * A run as the editor keeps it: the wire's run view, read tolerantly. Absent fields stay absent
 * (the lists empty), a run without a status is queued and one with a status this editor does not
 * know is shown as failed; a field of the wrong type is refused.
 */
const runReadSchema = z.preprocess(
  lift,
  z.object({
    id: z.string(),
    graphId: z.string().optional(),
    status: runStatusSchema.catch(({ input }) => (input === undefined ? 'queued' : 'failed')),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    files: fileCountsSchema.optional(),
    rows: z.number().optional(),
    nodes: z.record(z.string(), nodeFiguresSchema).default({}),
    errors: z.array(runIssueSchema).default([]),
    warnings: z.array(runIssueSchema).default([]),
    trigger: z.string().optional(),
  }),
);
export type RunView = z.output<typeof runReadSchema>;

/** A run record from `GET /api/runs/{id}`, a history page or the editor itself; throws an ApiError on a mistyped field. */
export function normalizeRun(raw: unknown): RunView {
  return parseAnswer(runReadSchema, raw, 'a run');
}

export function isFinished(status: RunStatus): boolean {
  return isFinishedRunStatus(status);
}
