import type { PreviewResult } from '../api/api-types.ts';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The parsed sample: column names with types as the header, then the first rows. */
export function PreviewTable({ result }: { result: PreviewResult }) {
  return <SampleTable columns={result.schema} rows={result.rows} testId="preview-table" />;
}

/** Rows under a header of column names with their types (a preview, or rows read back from Bronze). */
export function SampleTable({ columns: given, rows, testId }: { columns: { name: string; type: string }[]; rows: Record<string, unknown>[]; testId: string }) {
  const columns = given.length ? given : Object.keys(rows[0] ?? {}).map((name) => ({ name, type: '' }));
  return (
    // Focusable: it scrolls both ways, and a keyboard user scrolls it with the arrow keys.
    <div className="preview-table-wrap" tabIndex={0} role="region" aria-label="Sample rows">
      <table className="preview-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.name}>
                {c.name}
                {c.type && <small>{c.type}</small>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.name} title={cell(r[c.name])}>
                  {r[c.name] === null || r[c.name] === undefined ? <span className="null">null</span> : cell(r[c.name])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
