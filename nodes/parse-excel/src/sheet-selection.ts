import { FileError } from '@sluice/sdk';

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
