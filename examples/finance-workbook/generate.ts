// Writes this example's input (a finance workbook as controlling sends it: a cover sheet first, then
// "Monthly Report" with a merged title and notes above the header on row 4, dates, and a variance
// formula saved with its result), graph.json and expected.json. Seeded, and the zip entries get a
// fixed time, so the workbook is the same bytes every time (generate.test.ts checks the committed files).
//   tsx examples/finance-workbook/generate.ts [out-dir]      (default: this folder)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rowsAsText, tableChecksum, writeExampleFiles } from '@sluice/run-examples';
import type { GraphDocument } from '@sluice/sdk';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import pl from 'nodejs-polars';
import { SeededRandom } from '../../testing/random/seeded-random.ts';

export const SHEET = 'Monthly Report';
export const WORKBOOK = 'input/finance_FY2026.xlsx';
export const COLUMNS = ['Month End', 'Cost Center', 'Account', 'Budget', 'Actual', 'Variance', 'Posted On'];
/** Rows above the header: the merged title, a note, an empty row. */
export const SKIP_ROWS = 3;
const COST_CENTERS = ['CC-100 Sales', 'CC-200 Operations', 'CC-300 Administration'];
const ACCOUNTS = ['6000 Personnel', '6400 Rent', '6800 Travel'];
/** The workbook's own times (document properties and zip entries): fixed, so the bytes are reproducible. */
const SAVED_AT = new Date(Date.UTC(2026, 0, 12, 9, 30));

export interface ReportLine {
  monthEnd: Date;
  costCenter: string;
  account: string;
  budget: number;
  actual: number;
  postedOn: Date;
}

/** Twelve month ends of FY2026, each cost center with one account line. */
export function reportLines(): ReportLine[] {
  const r = new SeededRandom(2026_0131);
  const lines: ReportLine[] = [];
  for (let month = 0; month < 12; month++) {
    const monthEnd = new Date(Date.UTC(2026, month + 1, 0));
    for (const costCenter of COST_CENTERS) {
      const budget = r.int(20_000, 90_000) * 5;
      const actual = Math.round(budget * (0.85 + r.next() * 0.3) * 100) / 100;
      lines.push({ monthEnd, costCenter, account: r.pick(ACCOUNTS), budget, actual, postedOn: new Date(monthEnd.getTime() + r.int(2, 9) * 86_400_000) });
    }
  }
  return lines;
}

const variance = (l: ReportLine) => Math.round((l.actual - l.budget) * 100) / 100;

function workbook(lines: ReportLine[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Group Controlling';
  wb.created = SAVED_AT;
  wb.modified = SAVED_AT;
  const cover = wb.addWorksheet('Cover');
  cover.addRow(['Northwind Trading GmbH']);
  cover.addRow(['Finance pack FY2026 (budget vs actual)']);

  const sheet = wb.addWorksheet(SHEET);
  sheet.getCell('A1').value = 'Northwind Trading GmbH - Monthly Report FY2026';
  sheet.mergeCells('A1:G1');
  sheet.getCell('A2').value = 'Amounts in EUR. Variance = Actual - Budget.';
  sheet.getRow(SKIP_ROWS + 1).values = COLUMNS;
  lines.forEach((l, i) => {
    const row = SKIP_ROWS + 2 + i;
    // Saved with its result, as Excel does: exceljs does not calculate, and neither does the parse node.
    const formula: ExcelJS.CellFormulaValue = { formula: `E${row}-D${row}`, result: variance(l), date1904: false };
    sheet.getRow(row).values = [l.monthEnd, l.costCenter, l.account, l.budget, l.actual, formula, l.postedOn];
  });
  sheet.getColumn(1).numFmt = 'yyyy-mm-dd';
  sheet.getColumn(7).numFmt = 'dd.mm.yyyy';
  for (const c of [4, 5, 6]) sheet.getColumn(c).numFmt = '#,##0.00';

  wb.addWorksheet('Assumptions').addRow(['FX EUR/USD', 1.08]);
  return wb;
}

/** exceljs stamps every zip entry with the current time: restamp them so that the file is reproducible. */
async function reproducibleXlsx(wb: ExcelJS.Workbook): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  for (const entry of Object.values(zip.files)) entry.date = SAVED_AT;
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** What Bronze should hold: the same values, typed as parse-excel types them (dates as timestamps, amounts Float64). */
export function expectedFrame(lines: ReportLine[]): pl.DataFrame {
  return pl.DataFrame([
    pl.Series(
      COLUMNS[0]!,
      lines.map((l) => l.monthEnd),
      pl.Datetime('ms'),
    ),
    pl.Series(
      COLUMNS[1]!,
      lines.map((l) => l.costCenter),
      pl.String,
    ),
    pl.Series(
      COLUMNS[2]!,
      lines.map((l) => l.account),
      pl.String,
    ),
    pl.Series(
      COLUMNS[3]!,
      lines.map((l) => l.budget),
      pl.Float64,
    ),
    pl.Series(
      COLUMNS[4]!,
      lines.map((l) => l.actual),
      pl.Float64,
    ),
    pl.Series(COLUMNS[5]!, lines.map(variance), pl.Float64),
    pl.Series(
      COLUMNS[6]!,
      lines.map((l) => l.postedOn),
      pl.Datetime('ms'),
    ),
  ]);
}

export const graph: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'Finance workbook',
  description:
    'The sheet "Monthly Report" of a finance workbook (not its first sheet; a merged title and notes above the header on row 4, dates, a variance formula) landed by name in the Bronze table "monthly_report".',
  nodes: {
    files: { type: 'source-local', typeVersion: 1, position: { x: 20, y: 100 }, config: { folder: 'input', patterns: ['*.xlsx'] } },
    checkpoint: { type: 'checkpoint', typeVersion: 1, position: { x: 260, y: 100 }, config: {} },
    excel: {
      type: 'parse-excel',
      typeVersion: 1,
      position: { x: 500, y: 100 },
      config: { sheetSelection: 'name', sheetName: SHEET, skipRows: SKIP_ROWS, formulas: 'result' },
    },
    report: { type: 'bronze-sink', typeVersion: 1, position: { x: 740, y: 100 }, config: { root: 'bronze', table: 'monthly_report' } },
  },
  edges: [
    { from: { node: 'files', port: 'files' }, to: { node: 'checkpoint', port: 'files' } },
    { from: { node: 'checkpoint', port: 'files' }, to: { node: 'excel', port: 'files' } },
    { from: { node: 'excel', port: 'table' }, to: { node: 'report', port: 'table' } },
  ],
};

export async function generate(outDir: string): Promise<{ rows: number }> {
  rmSync(join(outDir, 'input'), { recursive: true, force: true });
  mkdirSync(join(outDir, 'input'), { recursive: true });
  const lines = reportLines();
  writeFileSync(join(outDir, WORKBOOK), await reproducibleXlsx(workbook(lines)));
  const rows = rowsAsText(expectedFrame(lines), COLUMNS);
  writeExampleFiles(outDir, graph, {
    firstRun: { processed: 1, skipped: 0, failed: 0 },
    tables: { monthly_report: { rows: rows.length, columns: COLUMNS, checksum: tableChecksum(rows) } },
  });
  return { rows: rows.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
  const { rows } = await generate(out);
  console.log(`wrote ${WORKBOOK} (sheet "${SHEET}", ${rows} rows), graph.json and expected.json to ${out}`);
}
