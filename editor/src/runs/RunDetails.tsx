import type { RunLogLine, RunView } from '../api/api-types.ts';
import { isFinished } from '../api/normalize-run.ts';
import { formatCount, formatDuration } from './format.ts';
import { LandedPanel } from './LandedPanel.tsx';
import { NodeFiguresTable } from './NodeFiguresTable.tsx';
import { NodeName } from './NodeName.tsx';
import { RunLogList } from './RunLogList.tsx';
import { RunLogPanel } from './RunLogPanel.tsx';
import { RunStatusChip } from './RunStatusChip.tsx';

/** One run: status, totals, per-node figures, errors and warnings, and its log. */
export function RunDetails({ run, liveLogs, order }: { run: RunView; liveLogs?: RunLogLine[]; order?: string[] }) {
  const finished = isFinished(run.status);
  return (
    <div className="run-details" data-testid="run-details">
      <div className="run-summary">
        <RunStatusChip status={run.status} />
        <span className="mono muted" data-testid="run-id">
          {run.id}
        </span>
        {run.trigger && run.trigger !== 'manual' && (
          <span className="trigger-tag" data-testid="run-trigger" title="What started this run">
            {run.trigger}
          </span>
        )}
        <span>{formatDuration(run.startedAt, run.finishedAt)}</span>
        {run.rows !== undefined && (
          <span>
            <b data-testid="run-rows">{formatCount(run.rows)}</b> rows
          </span>
        )}
        {run.files && (
          <span>
            {run.files.processed} files processed, {run.files.skipped} skipped, {run.files.failed} failed
          </span>
        )}
      </div>
      <NodeFiguresTable nodes={run.nodes} order={order} />
      {finished && <LandedPanel runId={run.id} />}
      {run.errors.length > 0 && (
        <section>
          <h4 className="error-text">Errors ({run.errors.length})</h4>
          <ul className="issue-list">
            {run.errors.map((e, i) => (
              <li key={i} className="error-text">
                {e.node && (
                  <>
                    <NodeName id={e.node} />:{' '}
                  </>
                )}
                {e.message}
                {e.file && <small> ({e.file})</small>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {run.warnings.length > 0 && (
        <section>
          <h4 className="warn-text">Warnings ({run.warnings.length})</h4>
          <ul className="issue-list">
            {run.warnings.map((e, i) => (
              <li key={i}>
                {e.node && (
                  <>
                    <NodeName id={e.node} />:{' '}
                  </>
                )}
                {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {finished ? (
        <RunLogPanel runId={run.id} />
      ) : (
        <>
          <h4>Log</h4>
          <RunLogList lines={liveLogs ?? []} />
        </>
      )}
    </div>
  );
}
