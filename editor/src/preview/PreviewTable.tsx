import type { PreviewResult } from '../api/api-types.ts';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The parsed sample: column names with types as the header, then the first rows. */
export function PreviewTable({ result }: { result: PreviewResult }) {
  const columns = result.schema.length ? result.schema : Object.keys(result.rows[0] ?? {}).map((name) => ({ name, type: '' }));
  return (
    <div className="preview-table-wrap">
      <table className="preview-table" data-testid="preview-table">
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
          {result.rows.map((r, i) => (
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
