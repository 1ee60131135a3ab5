import { Fragment } from 'react';
import type { PreviewResult } from '../api/api-types.ts';
import { PreviewTable } from './PreviewTable.tsx';

/** A parsed sample: format and sizes, what the parser detected, its warnings, then the rows. */
export function PreviewResultView({ result }: { result: PreviewResult }) {
  return (
    <>
      <div className="preview-meta">
        {result.format && (
          <span className="chip">
            format <b>{result.format}</b>
          </span>
        )}
        <span className="chip">
          <b>{result.schema.length}</b> columns
        </span>
        <span className="chip">
          first <b>{result.rows.length}</b> rows
        </span>
      </div>
      {result.metadata && Object.keys(result.metadata).length > 0 && (
        <details className="preview-details">
          <summary>What the parser detected</summary>
          <dl>
            {Object.entries(result.metadata).map(([k, v]) => (
              <Fragment key={k}>
                <dt>{k}</dt>
                <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
              </Fragment>
            ))}
          </dl>
        </details>
      )}
      {(result.warnings ?? []).map((w, i) => (
        <p key={i} className="warn-text">
          {w}
        </p>
      ))}
      <PreviewTable result={result} />
    </>
  );
}
