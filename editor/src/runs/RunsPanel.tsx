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
}

/** The run shown on the canvas (live or chosen from history) above the graph's run history. */
export function RunsPanel({ live, shown, history, historyError, order, onSelect }: Props) {
  return (
    <div className="runs-panel">
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
