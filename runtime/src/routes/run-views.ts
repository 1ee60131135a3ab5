import type { RunRow } from '@sluice/store';
import type { RunView } from '@sluice/sdk/wire';

// The run's shape on the wire is the SDK's `runViewSchema`; this is how a stored run becomes one.
export { runViewSchema, type RunView } from '@sluice/sdk/wire';

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
