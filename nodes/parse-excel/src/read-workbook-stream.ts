import { FileError, errorMessage } from '@sluice/sdk';
import ExcelJS from 'exceljs';
import type { Row } from 'exceljs';
import { cellScalar, emptyNotes } from './cell-scalar.ts';
import type { CellNotes, CellScalar, FormulaMode } from './cell-scalar.ts';
import { sheetFrameBuilder } from './sheet-frame.ts';
import { checkEmptySheets, firstDataRow, isSelected, noSuchSheet } from './sheet-selection.ts';
import { noteWarnings } from './sheet-result.ts';
import type { ReadOptions, SheetResult } from './sheet-result.ts';

function rowCells(row: Row, formulas: FormulaMode, notes: CellNotes): CellScalar[] {
  const values = row.values as unknown[];
  const cells: CellScalar[] = [];
  for (let c = 1; c < values.length; c++) {
    const v = values[c] as ExcelJS.CellValue;
    const text = formulas === 'text' && v && typeof v === 'object' && 'formula' in v ? v.formula : undefined;
    cells.push(cellScalar(v ?? null, formulas, text, notes));
  }
  return cells;
}

/**
 * Reads sheets row by row with exceljs' streaming WorkbookReader: memory stays bounded by one
 * sheet's columns, not the workbook's XML model. `styles: 'cache'` is needed for date cells to come
 * out as dates. The streaming reader knows no merged ranges (cells under a merge are empty) and
 * does not translate shared formulas.
 */
export async function readWorkbookStream(path: string, fileName: string, opts: ReadOptions, warn: (m: string) => void): Promise<SheetResult[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const names: string[] = [];
  const results: SheetResult[] = [];
  const withData: string[] = [];
  const firstData = firstDataRow(opts);
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name: string }).name;
      names.push(name);
      const wanted = isSelected(opts, name, names.length);
      const builder = sheetFrameBuilder(opts);
      const notes = emptyNotes();
      let data = false;
      // Rows of a sheet that is not wanted are still read through (the zip is one stream), and
      // looked at for values: an empty selected sheet's error names the sheets that hold data.
      for await (const row of ws) {
        if (wanted) builder.add(row.number, rowCells(row, opts.formulas, notes));
        else if (!data && row.number >= firstData) data = (row.values as unknown[]).some((v) => v !== null && v !== undefined && v !== '');
      }
      if (!wanted) {
        if (data) withData.push(name);
        continue;
      }
      for (const w of noteWarnings(name, notes)) warn(w);
      const frame = builder.finish();
      if (frame.height > 0) withData.push(name);
      results.push({ name, position: names.length, frame });
    }
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(fileName, `not a readable Excel workbook: ${errorMessage(err)}`, { cause: err });
  }
  if (!results.length) throw noSuchSheet(opts, fileName, names);
  return checkEmptySheets(opts, fileName, results, withData, warn);
}
