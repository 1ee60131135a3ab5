import type { NodeStats, RunIssue, RunStatus, RunView } from './api-types.ts';

const STATUSES: RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

function pick<T>(...values: unknown[]): T | undefined {
  return values.find((v) => v !== undefined && v !== null) as T | undefined;
}

/**
 * A run record from `GET /api/runs/:id` or a history page, whichever way the runtime nests the
 * summary (`{id, status, summary: RunSummary}` or the summary's fields at the top level).
 */
export function normalizeRun(raw: unknown): RunView {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const s = (r.summary && typeof r.summary === 'object' ? r.summary : {}) as Record<string, unknown>;
  const status = pick<string>(r.status, s.status) ?? 'queued';
  return {
    id: String(pick(r.id, r.runId) ?? ''),
    graphId: pick<string>(r.graphId),
    status: (STATUSES.includes(status as RunStatus) ? status : 'failed') as RunStatus,
    startedAt: pick<string>(r.startedAt, s.startedAt, r.queuedAt, r.createdAt),
    finishedAt: pick<string>(r.finishedAt, s.finishedAt),
    files: pick(r.files, s.files),
    rows: pick<number>(r.rows, s.rows),
    nodes: pick<Record<string, NodeStats>>(r.nodes, s.nodes, r.stats) ?? {},
    errors: pick<RunIssue[]>(r.errors, s.errors) ?? [],
    warnings: pick<RunIssue[]>(r.warnings, s.warnings) ?? [],
    trigger: pick<string>(r.triggerKind, r.trigger),
  };
}

export function isFinished(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
