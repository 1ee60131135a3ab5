import ExcelJS from 'exceljs';
import type { ExpectedTable } from './compare-tables.ts';
import type { AppliedDifferences } from './intended-differences.ts';

type Plain = null | number | string | boolean | Date;

/** A cell as parse-excel documents it: rich text as its text, a hyperlink as its text, a formula as its saved result, an error as its code. */
function plain(value: ExcelJS.CellValue): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value as Plain;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return String(value.text);
  if ('formula' in value || 'sharedFormula' in value) return plain((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('error' in value) return value.error;
  return String(value);
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A date as DuckDB prints a TIMESTAMP (wall-clock time, as written) and as parse-excel writes a date in a text column. */
const dateText = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/** parse-excel's column type from the cells: all numbers DOUBLE, all booleans BOOLEAN, all dates TIMESTAMP, any mix text. */
function columnType(values: Plain[]): string {
  const present = values.filter((v) => v !== null);
  if (present.length && present.every((v) => typeof v === 'number')) return 'DOUBLE';
  if (present.length && present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.length && present.every((v) => v instanceof Date)) return 'TIMESTAMP';
  return 'VARCHAR';
}

/** A cell in a text column: whole numbers without .0, dates as YYYY-MM-DD HH:MM:SS. */
const asText = (v: Plain) => (v === null ? null : v instanceof Date ? dateText(v) : String(v));

/** parse-excel's header names: empty -> column_N (N = position), repeated -> name_2, name_3... */
function headerNames(cells: Plain[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell === null || cell === '' ? `column_${i + 1}` : String(asText(cell));
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/** A sheet's header and data rows as exceljs reads them (entirely empty rows dropped), padded to one width. */
function sheetRows(sheet: ExcelJS.Worksheet): { header: Plain[]; body: Plain[][] } {
  const rows: Plain[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Plain[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = plain(cell.value);
    });
    rows.push(Array.from({ length: cells.length }, (_, i) => cells[i] ?? null));
  });
  const [header = [], ...data] = rows;
  const width = Math.max(header.length, ...data.map((r) => r.length));
  const pad = (r: Plain[]) => Array.from({ length: width }, (_, i) => r[i] ?? null);
  return { header: pad(header), body: data.filter((r) => r.some((v) => v !== null)).map(pad) };
}

/**
 * What Bronze should hold for a workbook, from exceljs' reading (DuckDB has no Excel reader without
 * extensions), with parse-excel's documented rules applied explicitly (excel-header, excel-types):
 * the first sheet, or with `sheetSelection: all` every sheet that holds a value, each with its own
 * header, one after another under a `_sheet` column, columns joined by name.
 */
export async function excelExpected(name: string, bytes: Buffer, options: Record<string, unknown>, applied: AppliedDifferences): Promise<ExpectedTable> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const all = options.sheetSelection === 'all';
  const sheets = all ? workbook.worksheets.filter((ws) => ws.actualRowCount > 0) : [workbook.worksheets[0]!];
  applied.record('excel-header', name);
  applied.record('excel-types', name);
  const names: string[] = all ? ['_sheet'] : [];
  const records: Map<string, Plain>[] = [];
  for (const sheet of sheets) {
    const { header, body } = sheetRows(sheet);
    const own = headerNames(header);
    for (const n of own) if (!names.includes(n)) names.push(n);
    for (const r of body)
      records.push(new Map<string, Plain>([...(all ? [['_sheet', sheet.name] as [string, Plain]] : []), ...own.map((n, i) => [n, r[i]!] as [string, Plain])]));
  }
  const types = names.map((n) => (n === '_sheet' ? 'VARCHAR' : columnType(records.map((r) => r.get(n) ?? null))));
  return {
    columns: names.map((n, i) => ({ name: n, type: types[i]! })),
    rows: records.map((r) =>
      names.map((n, i) => {
        const v = r.get(n) ?? null;
        return types[i] === 'VARCHAR' ? asText(v) : v instanceof Date ? dateText(v) : v;
      }),
    ),
  };
}
