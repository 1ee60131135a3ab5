import { FileError } from '@sluice/sdk';
import type { SheetResult } from './sheet-result.ts';

export interface SheetSelection {
  sheetSelection: 'index' | 'name' | 'all';
  /** 1-based position among the workbook's worksheets. */
  sheetIndex: number;
  sheetName: string;
}

/** Whether a worksheet (its name, its 1-based position) is one the config asks for. */
export function isSelected(sel: SheetSelection, name: string, position: number): boolean {
  if (sel.sheetSelection === 'all') return true;
  if (sel.sheetSelection === 'name') return name === sel.sheetName;
  return position === sel.sheetIndex;
}

/** The error for a workbook in which the wanted sheet is not, listing the sheets it has. */
export function noSuchSheet(sel: SheetSelection, fileName: string, names: string[]): FileError {
  if (names.length === 0) {
    return new FileError(fileName, 'not an Excel workbook: the zip archive holds no worksheets (an .xlsx has xl/workbook.xml and its sheets)');
  }
  const wanted = sel.sheetSelection === 'name' ? `no sheet named "${sel.sheetName}"` : `no sheet number ${sel.sheetIndex}`;
  return new FileError(fileName, `${wanted}; the workbook has ${names.map((n) => `"${n}"`).join(', ')}`);
}

/** The first sheet row that is data, not skipped and not the header (1-based). */
export function firstDataRow(layout: { skipRows: number; header: boolean }): number {
  return layout.skipRows + (layout.header ? 2 : 1);
}

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * What to do with selected sheets that hold nothing, so that no file is recorded as processed
 * while its data is elsewhere. A sheet without a single value (below the skipped rows) has no
 * columns: as the one selected sheet it fails the file, naming the sheets that hold data; with
 * `all` sheets it is left out with a warning, and a workbook of only empty sheets fails. A selected
 * sheet with a header but no data rows lands its columns and no rows, with a warning when other
 * sheets hold data. `withData`: every worksheet with at least one data row, selected or not.
 */
export function checkEmptySheets(
  sel: SheetSelection & { skipRows: number },
  fileName: string,
  sheets: SheetResult[],
  withData: string[],
  warn: (m: string) => void,
): SheetResult[] {
  const noValue = sel.skipRows ? `no cell below the ${sel.skipRows} skipped row(s) holds a value` : 'no cell holds a value';
  const empty = sheets.filter((s) => s.frame.width === 0);
  const dataSheets = withData.length ? `the sheets with data are ${quoted(withData)}` : 'no sheet of the workbook holds data';
  if (sel.sheetSelection !== 'all') {
    const [sheet] = sheets;
    if (!sheet) return sheets;
    if (empty.length) throw new FileError(fileName, `sheet "${sheet.name}" (sheet ${sheet.position}) is empty: ${noValue}; ${dataSheets}`);
    const others = withData.filter((n) => n !== sheet.name);
    if (sheet.frame.height === 0 && others.length) warn(`sheet "${sheet.name}" has a header row but no data rows; the sheets with data are ${quoted(others)}`);
    return sheets;
  }
  if (!empty.length) return sheets;
  const names = quoted(empty.map((s) => s.name));
  if (empty.length === sheets.length) throw new FileError(fileName, `every sheet is empty (${names}): ${noValue}`);
  warn(`empty sheets skipped (${noValue}): ${names}`);
  return sheets.filter((s) => s.frame.width > 0);
}
