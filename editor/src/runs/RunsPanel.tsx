import type { RunView } from '../api/api-types.ts';
import type { LiveRun } from './apply-run-event.ts';
import { RunDetails } from './RunDetails.tsx';
import { RunHistory } from './RunHistory.tsx';

interface Props {
  live: LiveRun | null;
  shown: RunView | null;
  history: RunView[];
  historyError?: string;
  order: string[];
  onSelect(run: RunView): void;
  followLatest: boolean;
  onFollowLatest(on: boolean): void;
}

/** The run shown on the canvas (live or chosen from history) above the graph's run history. */
export function RunsPanel({ live, shown, history, historyError, order, onSelect, followLatest, onFollowLatest }: Props) {
  return (
    <div className="runs-panel">
      <label className="follow-toggle" title="Runs started by a webhook, a schedule or a bucket event show live on the canvas as they start">
        <input type="checkbox" checked={followLatest} onChange={(e) => onFollowLatest(e.target.checked)} data-testid="follow-latest-run" /> Follow new runs live
      </label>
      {shown ? (
        <RunDetails run={shown} liveLogs={live && live.run.id === shown.id ? live.logs : undefined} order={order} />
      ) : (
        <p className="empty-state">Press Run to process the files now. Each node then shows its state, files, rows and bytes live.</p>
      )}
      <h4>History</h4>
      <RunHistory runs={history} selected={shown?.id} onSelect={onSelect} error={historyError} />
    </div>
  );
}
