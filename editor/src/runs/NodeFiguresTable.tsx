import type { NodeStats } from '../api/api-types.ts';
import { formatBytes, formatCount } from './format.ts';

/** Per-node figures of one run, in the graph's order when known. */
export function NodeFiguresTable({ nodes, order }: { nodes: Record<string, NodeStats>; order?: string[] }) {
  const ids = [...(order ?? []).filter((id) => nodes[id]), ...Object.keys(nodes).filter((id) => !order?.includes(id))];
  if (!ids.length) return <p className="empty-state">No figures recorded for this run.</p>;
  return (
    <table className="figures">
      <thead>
        <tr>
          <th>Node</th>
          <th>State</th>
          <th title="files in / out (skipped, failed)">Files</th>
          <th>Rows</th>
          <th>Bytes</th>
        </tr>
      </thead>
      <tbody>
        {ids.map((id) => {
          const s = nodes[id]!;
          return (
            <tr key={id}>
              <td className="mono">{id}</td>
              <td>
                <span className={`state-chip state-${s.state}`}>{s.state}</span>
              </td>
              <td>
                {formatCount(s.filesIn)} → {formatCount(s.filesOut)}
                {s.filesSkipped > 0 && <div className="muted">{formatCount(s.filesSkipped)} skipped</div>}
                {s.filesFailed > 0 && <div className="error-text">{formatCount(s.filesFailed)} failed</div>}
              </td>
              <td>{formatCount(Math.max(s.rowsIn, s.rowsOut))}</td>
              <td>{formatBytes(Math.max(s.bytesIn, s.bytesOut))}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
