import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext.ts';
import type { CheckpointReset, CheckpointRow } from '../api/api-types.ts';
import { ApiError } from '../api/api-error.ts';
import { formatCount } from './format.ts';
import { NodeName } from './NodeName.tsx';

/** The files the graph has processed (its checkpoints), with the reset actions. */
export function CheckpointsPanel({ graphId, refreshKey }: { graphId: string; refreshKey: unknown }) {
  const api = useApi();
  const [rows, setRows] = useState<CheckpointRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!(await api.hasRoute('GET', '/api/graphs/{id}/checkpoints'))) return setError('this runtime does not list checkpoints yet');
    api.checkpoints(graphId).then(
      (r) => (setRows(r), setError(null)),
      (e: ApiError) => setError(e.message),
    );
  }, [api, graphId]);
  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const reset = async (body: CheckpointReset, question: string) => {
    if (!window.confirm(question)) return;
    try {
      await api.resetCheckpoints(graphId, body);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (error) return <p className="empty-state">Checkpoints are not available: {error}</p>;
  if (!rows) return <p className="muted">Loading…</p>;
  if (!rows.length) return <p className="empty-state">No file processed yet. After a run, every file the checkpoint node has seen is listed here.</p>;
  return (
    <div className="checkpoints">
      <div className="button-row">
        <button type="button" onClick={() => reset({ status: 'failed' }, 'Forget the failed files, so that the next run tries them again?')}>
          Retry failed
        </button>
        <button type="button" className="danger" onClick={() => reset({}, 'Forget every processed file? The next run processes all files again.')}>
          Reset all
        </button>
      </div>
      <table className="figures">
        <thead>
          <tr>
            <th>File</th>
            <th>Status</th>
            <th>Rows</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.sourceNode}/${r.key}`}>
              <td title={`${r.key}${r.attempts ? ` (${r.attempts} attempts)` : ''}`}>
                <span className="mono">{r.key}</span>
                <div className="muted">
                  from <NodeName id={r.sourceNode} />
                </div>
                {r.error && <div className="error-text">{r.error}</div>}
              </td>
              <td>
                <span className={`state-chip state-${r.status === 'processed' ? 'done' : r.status}`}>{r.status}</span>
              </td>
              <td>{formatCount(r.rows ?? undefined)}</td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => reset({ sourceNode: r.sourceNode, key: r.key }, `Forget ${r.key}, so that the next run processes it again?`)}
                >
                  reset
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
