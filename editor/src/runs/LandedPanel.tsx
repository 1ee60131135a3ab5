import { useEffect, useState } from 'react';
import type { RunLanded } from '@sluice/sdk/wire';
import { useApi } from '../api/ApiContext.ts';
import { SampleTable } from '../preview/PreviewTable.tsx';
import { formatCount } from './format.ts';
import { NodeName } from './NodeName.tsx';

type Sample = Extract<RunLanded['sinks'][number], { sample: unknown }>['sample'];

/** What a finished run landed, per sink: rows, the source files, and the first rows read back from the table. */
export function LandedPanel({ runId }: { runId: string }) {
  const api = useApi();
  const [landed, setLanded] = useState<RunLanded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setLanded(null);
    setError(null);
    api.runLanded(runId).then(
      (l) => live && setLanded(l),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [api, runId]);

  if (error) return <p className="empty-state">What this run landed cannot be shown: {error}</p>;
  if (!landed || !landed.sinks.length) return null;
  return (
    <section className="landed" data-testid="landed">
      <h4>Landed</h4>
      {landed.sinks.map((s) => (
        <div key={s.node} className="landed-sink" data-testid={`landed-${s.node}`}>
          {'error' in s ? (
            <p className="error-text">
              <NodeName id={s.node} />: {s.error}
            </p>
          ) : (
            <LandedSample node={s.node} sample={s.sample} />
          )}
        </div>
      ))}
    </section>
  );
}

function LandedSample({ node, sample }: { node: string; sample: Sample }) {
  return (
    <>
      <p className="landed-head">
        <NodeName id={node} />: <b data-testid={`landed-rows-${node}`}>{formatCount(sample.rowsLanded)}</b> rows into{' '}
        <span className="mono" title={sample.table}>
          {sample.table}
        </span>
      </p>
      {sample.filesTotal > 0 && (
        <details open>
          <summary>
            From {sample.filesTotal} {sample.filesTotal === 1 ? 'file' : 'files'}
          </summary>
          <ul className="landed-files" data-testid={`landed-files-${node}`}>
            {sample.files.map((f) => (
              <li key={`${f.sourceNode}/${f.key}/${f.part}`} title={f.part}>
                <span className="mono">{f.key}</span> <span className="muted">{formatCount(f.rows)} rows</span>
              </li>
            ))}
            {sample.filesTotal > sample.files.length && <li className="muted">and {formatCount(sample.filesTotal - sample.files.length)} more</li>}
          </ul>
        </details>
      )}
      {sample.rows.length > 0 && (
        <details open>
          <summary>
            First {sample.rows.length} rows{sample.truncated ? ` of ${formatCount(sample.rowsLanded)}` : ''}, read back from the table
          </summary>
          <SampleTable columns={sample.columns} rows={sample.rows} testId={`landed-sample-${node}`} />
        </details>
      )}
    </>
  );
}
