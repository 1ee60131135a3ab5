import type { RunView } from '../api/api-types.ts';
import { formatCount, formatDuration } from './format.ts';
import { RunStatusChip } from './RunStatusChip.tsx';

/** A graph's runs, newest first; choosing one shows its figures on the canvas and below. */
export function RunHistory({ runs, selected, onSelect, error }: { runs: RunView[]; selected?: string; onSelect(run: RunView): void; error?: string }) {
  if (error) return <p className="empty-state">Run history is not available: {error}</p>;
  if (!runs.length) return <p className="empty-state">No runs yet. Press Run to start one.</p>;
  return (
    <ul className="run-history" data-testid="run-history">
      {runs.map((r) => (
        <li key={r.id}>
          <button type="button" className={r.id === selected ? 'active' : ''} onClick={() => onSelect(r)}>
            <RunStatusChip status={r.status} />
            <span className="muted">
              {r.startedAt ? new Date(r.startedAt).toLocaleString() : r.id}
              {r.trigger && r.trigger !== 'manual' && <span className="trigger-tag">{r.trigger}</span>}
            </span>
            <span>{formatDuration(r.startedAt, r.finishedAt)}</span>
            <span>{r.rows !== undefined ? `${formatCount(r.rows)} rows` : ''}</span>
            {r.errors.length > 0 && (
              <span className="error-text">
                {r.errors.length} {r.errors.length === 1 ? 'error' : 'errors'}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
