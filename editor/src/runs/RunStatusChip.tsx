import type { RunStatus } from '../api/api-types.ts';

export function RunStatusChip({ status }: { status: RunStatus }) {
  return <span className={`status-chip status-${status}`} data-testid="run-status">{status}</span>;
}
