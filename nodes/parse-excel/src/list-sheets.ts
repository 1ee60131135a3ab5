import { FileError, errorMessage } from '@sluice/sdk';
import ExcelJS from 'exceljs';

/** Sheet names and their row counts, streamed (for previews: bounded memory on any workbook). */
export async function listSheets(path: string, fileName: string): Promise<{ name: string; rows: number }[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'ignore',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const out: { name: string; rows: number }[] = [];
  try {
    for await (const ws of reader) {
      let rows = 0;
      for await (const _row of ws) rows++;
      out.push({ name: (ws as unknown as { name: string }).name, rows });
    }
  } catch (err) {
    throw new FileError(fileName, `not a readable Excel workbook: ${errorMessage(err)}`, { cause: err });
  }
  if (!out.length) throw new FileError(fileName, 'not an Excel workbook: the zip archive holds no worksheets (an .xlsx has xl/workbook.xml and its sheets)');
  return out;
}
