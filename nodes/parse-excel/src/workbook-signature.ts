import { open } from 'node:fs/promises';
import { FileError } from '@sluice/sdk';

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Checks the first bytes before exceljs sees the file, so that the common wrong inputs fail with a
 * message that says what they are: a legacy .xls (an OLE2 compound file, as is a password-protected
 * .xlsx) or something that is not a zip at all (a CSV or HTML table saved with an .xls/.xlsx name).
 */
export async function checkWorkbookSignature(path: string, fileName: string): Promise<void> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(8);
  try {
    await fh.read(head, 0, 8, 0);
  } finally {
    await fh.close();
  }
  if (head.equals(OLE2)) {
    throw new FileError(
      fileName,
      'legacy Excel 97-2003 (.xls) and password-protected workbooks are not supported: no library that reads them is safe for untrusted files (see the parse-excel README); save the workbook as .xlsx',
    );
  }
  if (head[0] !== 0x50 || head[1] !== 0x4b || !((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) {
    throw new FileError(fileName, 'not an Excel workbook: an .xlsx file is a zip archive, and this file does not start with the zip signature "PK"');
  }
}
