import { FileError, errorMessage } from '@sluice/sdk';
import ExcelJS from 'exceljs';
import type { Row, Worksheet } from 'exceljs';
import { cellScalar, emptyNotes } from './cell-scalar.ts';
import type { CellNotes, CellScalar, FormulaMode } from './cell-scalar.ts';
import { sheetFrameBuilder } from './sheet-frame.ts';
import { checkEmptySheets, firstDataRow, isSelected, noSuchSheet } from './sheet-selection.ts';
import { noteWarnings } from './sheet-result.ts';
import type { ReadOptions, SheetResult } from './sheet-result.ts';

function rowCells(row: Row, formulas: FormulaMode, notes: CellNotes): CellScalar[] {
  const cells: CellScalar[] = [];
  for (let c = 1; c <= row.cellCount; c++) {
    const cell = row.getCell(c);
    // A merged cell's value is its master's value (exceljs resolves it), which is what we want.
    cells.push(cellScalar(cell.value, formulas, formulas === 'text' ? cell.formula : undefined, notes));
  }
  return cells;
}

/** The last row of an `A1:C3` range. */
function lastRowOf(range: string): number {
  const m = /(\d+)$/.exec(range);
  return m ? Number(m[1]) : 0;
}

function mergeWarnings(ws: Worksheet, opts: ReadOptions): string[] {
  const merges = ((ws.model as { merges?: string[] }).merges ?? []).filter((r) => lastRowOf(r) > opts.skipRows);
  return merges.map((range) => `sheet "${ws.name}": merged range ${range} takes the value of its first cell ${range.split(':')[0]} in every cell`);
}

/**
 * Reads the whole workbook into exceljs' model: the reader that knows merged ranges and translates
 * shared formulas, for workbooks of moderate size (memory grows with the number of cells).
 */
export async function readWorkbookFull(path: string, fileName: string, opts: ReadOptions, warn: (m: string) => void): Promise<SheetResult[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (err) {
    throw new FileError(fileName, `not a readable Excel workbook: ${errorMessage(err)}`, { cause: err });
  }
  const sheets = wb.worksheets.map((ws, i) => ({ ws, position: i + 1 })).filter(({ ws, position }) => isSelected(opts, ws.name, position));
  if (!sheets.length)
    throw noSuchSheet(
      opts,
      fileName,
      wb.worksheets.map((ws) => ws.name),
    );
  const results = sheets.map(({ ws, position }) => {
    const builder = sheetFrameBuilder(opts);
    const notes = emptyNotes();
    ws.eachRow({ includeEmpty: false }, (row, n) => builder.add(n, rowCells(row, opts.formulas, notes)));
    for (const w of [...mergeWarnings(ws, opts), ...noteWarnings(ws.name, notes)]) warn(w);
    return { name: ws.name, position, frame: builder.finish() };
  });
  const withData = wb.worksheets.filter((ws) => hasDataRows(ws, opts)).map((ws) => ws.name);
  return checkEmptySheets(opts, fileName, results, withData, warn);
}

/** Whether a worksheet has a row with a value below its skipped rows and header. */
function hasDataRows(ws: Worksheet, opts: ReadOptions): boolean {
  const first = firstDataRow(opts);
  let found = false;
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (!found && n >= first && row.hasValues) found = true;
  });
  return found;
}
