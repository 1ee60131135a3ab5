import ExcelJS from 'exceljs';

/**
 * Workbooks written with exceljs for the tests (nothing binary is committed): three sheets that
 * look like real exports: a title and notes above a header on row 4, a merged title banner, a
 * formula with and without a cached result, real dates and a serial number formatted as a date.
 */
export async function writeExportWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const sales = wb.addWorksheet('Sales');
  sales.getCell('A1').value = 'Sales report Q1';
  sales.mergeCells('A1:D1');
  sales.getCell('A2').value = 'exported by ERP';
  sales.getRow(4).values = ['id', 'sold_at', 'amount', 'doubled'];
  sales.getRow(5).values = [1, new Date(Date.UTC(2024, 0, 15, 10, 30)), 10.5, { formula: 'C5*2', result: 21 } as ExcelJS.CellFormulaValue];
  sales.getRow(6).values = [2, new Date(Date.UTC(2024, 1, 1)), 3, { formula: 'C6*2', result: 6 } as ExcelJS.CellFormulaValue];
  sales.getRow(7).values = [3, 45000, 'n/a', { formula: 'C7*2', result: { error: '#VALUE!' } } as unknown as ExcelJS.CellFormulaValue];
  sales.getCell('B7').numFmt = 'yyyy-mm-dd';
  sales.getCell('A8').value = 4;
  sales.getCell('B8').value = new Date(Date.UTC(2024, 2, 1));
  sales.getCell('C8').value = 'see note';
  sales.mergeCells('C8:D8');

  const regions = wb.addWorksheet('Regions');
  regions.addRow(['region', 'manager']);
  regions.addRow(['North', 'Ana']);
  regions.addRow(['South', { richText: [{ text: 'Jo' }, { text: 'sé' }] }]);

  const notes = wb.addWorksheet('Notes');
  notes.addRow(['region', 'note']);
  notes.addRow([1, 'numbers in a column that is text on another sheet']);
  await wb.xlsx.writeFile(path);
}

/** A column filled down with one shared formula (as Excel saves a dragged formula). */
export async function writeSharedFormulaWorkbook(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Fill');
  ws.getRow(1).values = ['qty', 'total'];
  for (const r of [2, 3, 4]) ws.getCell(`A${r}`).value = r;
  ws.getCell('B2').value = { formula: 'A2*10', result: 20, shareType: 'shared', ref: 'B2:B4' } as unknown as ExcelJS.CellValue;
  ws.getCell('B3').value = { sharedFormula: 'B2', result: 30 } as ExcelJS.CellSharedFormulaValue;
  ws.getCell('B4').value = { sharedFormula: 'B2', result: 40 } as ExcelJS.CellSharedFormulaValue;
  await wb.xlsx.writeFile(path);
}

/**
 * A workbook whose first sheet is empty (a cover tab nobody filled), then a sheet of data, a sheet
 * with only a header row, and another empty sheet. `allEmpty` writes two empty sheets only.
 */
export async function writeEmptySheetsWorkbook(path: string, allEmpty = false): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Cover');
  if (!allEmpty) {
    const data = wb.addWorksheet('Data');
    data.addRow(['id', 'name']);
    data.addRow([1, 'Ana']);
    data.addRow([2, 'Jo']);
    wb.addWorksheet('Headers only').addRow(['id', 'name']);
  }
  wb.addWorksheet('Blank');
  await wb.xlsx.writeFile(path);
}
