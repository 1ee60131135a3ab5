import type { RunStatus } from '../api/api-types.ts';

export function RunStatusChip({ status, testId = 'run-status' }: { status: RunStatus; testId?: string }) {
  return (
    <span className={`status-chip status-${status}`} data-testid={testId}>
      {status}
    </span>
  );
}
