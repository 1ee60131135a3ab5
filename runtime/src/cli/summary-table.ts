import type { GraphDocument } from '@sluice/sdk';
import type { RunSummary } from '@sluice/engine';

const COLUMNS = [
  'node',
  'type',
  'state',
  'files in',
  'out',
  'skipped',
  'failed',
  'rows in',
  'rows out',
  'bytes in',
  'bytes out',
  'errors',
  'warnings',
] as const;

/** A run's per-node figures as a plain-text table, nodes in the graph's planned order. */
export function summaryTable(summary: RunSummary, doc: GraphDocument, order: string[]): string {
  const rows = order.map((id) => {
    const s = summary.nodes[id];
    const type = doc.nodes[id]?.type ?? '?';
    if (!s) return [id, type, '-', ...Array(COLUMNS.length - 3).fill('')];
    return [id, type, s.state, s.filesIn, s.filesOut, s.filesSkipped, s.filesFailed, s.rowsIn, s.rowsOut, s.bytesIn, s.bytesOut, s.errors, s.warnings].map(
      String,
    );
  });
  const table = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
