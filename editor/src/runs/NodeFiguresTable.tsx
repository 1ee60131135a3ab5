import type { NodeStats } from '../api/api-types.ts';
import { formatBytes, formatCount } from './format.ts';
import { NodeName } from './NodeName.tsx';

/**
 * Per-node figures of one run. With `order` (the nodes on the canvas, in reading order), only the
 * nodes still in the graph: one deleted since the run is counted in a line below, not listed.
 */
export function NodeFiguresTable({ nodes, order }: { nodes: Record<string, NodeStats>; order?: string[] }) {
  const ids = order ? order.filter((id) => nodes[id]) : Object.keys(nodes);
  const gone = Object.keys(nodes).length - ids.length;
  if (!ids.length && !gone) return <p className="empty-state">No figures recorded for this run.</p>;
  return (
    <>
      {ids.length > 0 && <FiguresTable nodes={nodes} ids={ids} />}
      {gone > 0 && (
        <p className="muted" data-testid="figures-gone">
          {gone === 1 ? '1 node of this run is' : `${gone} nodes of this run are`} no longer in the graph.
        </p>
      )}
    </>
  );
}

function FiguresTable({ nodes, ids }: { nodes: Record<string, NodeStats>; ids: string[] }) {
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
            <tr key={id} data-node={id}>
              <td>
                <NodeName id={id} />
              </td>
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
