import type { NodeStats } from '../api/api-types.ts';
import { formatBytes, formatCount, progressFraction } from '../runs/format.ts';

/** The live line under a node while and after a run: state, files, rows, bytes and progress. */
export function NodeStatsFooter({ stats }: { stats: NodeStats }) {
  const fraction = progressFraction(stats.progress);
  const rows = Math.max(stats.rowsOut, stats.rowsIn);
  const bytes = Math.max(stats.bytesOut, stats.bytesIn);
  const files = Math.max(stats.filesOut, stats.filesIn);
  return (
    <div className="sn-stats" data-state={stats.state}>
      <div className="sn-stats-line">
        <span className={`state-chip state-${stats.state}`} title={stats.state === 'skipped' ? 'Nothing reached this node: an earlier node failed' : undefined}>
          {stats.state}
        </span>
        <span title={`files in ${stats.filesIn}, out ${stats.filesOut}`}>{formatCount(files)} files</span>
        {/* Parse nodes hand on lazy frames, counted where they land: no "0 rows" where rows are not known. */}
        {rows > 0 && (
          <span className="sn-rows" title={`rows in ${stats.rowsIn}, out ${stats.rowsOut}`}>
            {formatCount(rows)} rows
          </span>
        )}
        {bytes > 0 && <span title="bytes">{formatBytes(bytes)}</span>}
      </div>
      {stats.state === 'running' && (
        <div
          className={`progress ${fraction === null ? 'indeterminate' : ''}`}
          role="progressbar"
          aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        >
          <div style={{ width: fraction === null ? undefined : `${fraction * 100}%` }} />
        </div>
      )}
      {(stats.filesFailed > 0 || stats.errors > 0 || stats.filesSkipped > 0) && (
        <div className="sn-stats-line sn-stats-issues">
          {stats.filesFailed > 0 && <span className="error-text">{stats.filesFailed} failed</span>}
          {stats.errors > 0 && (
            <span className="error-text">
              {stats.errors} {stats.errors === 1 ? 'error' : 'errors'}
            </span>
          )}
          {stats.filesSkipped > 0 && <span>{stats.filesSkipped} skipped</span>}
          {stats.warnings > 0 && (
            <span className="warn-text">
              {stats.warnings} {stats.warnings === 1 ? 'warning' : 'warnings'}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
