import type { RunLogLine } from '../api/api-types.ts';
import { NodeName } from './NodeName.tsx';

export function RunLogList({ lines }: { lines: RunLogLine[] }) {
  if (!lines.length) return <p className="empty-state">No log lines.</p>;
  return (
    // Focusable: it scrolls, and a keyboard user scrolls it with the arrow keys.
    <ol className="log-list" tabIndex={0} aria-label="Run log">
      {lines.map((l, i) => (
        <li key={i} className={`log-${l.level}`}>
          <div className="log-meta">
            <time>{l.at.slice(11, 23)}</time>
            <span className="log-level">{l.level}</span>
            {l.node && <NodeName id={l.node} />}
          </div>
          <div className="log-msg">
            {l.message}
            {l.file && <small> {l.file}</small>}
          </div>
        </li>
      ))}
    </ol>
  );
}
