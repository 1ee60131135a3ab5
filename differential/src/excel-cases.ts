import ExcelJS from 'exceljs';

/** One generated workbook, landed with parse-excel's defaults (the first sheet, header on row 1). */
export interface ExcelCase {
  name: string;
  bytes: Buffer;
  options: Record<string, unknown>;
  /** The file must fail with a message that matches (an empty selected sheet). */
  fails?: RegExp;
}

type Cell = ExcelJS.CellValue;

/**
 * Workbooks of cell types and odd sheets. Column names are prefixed with the case's name: all cases
 * land in one table, where a column name keeps one type.
 */
const WORKBOOKS: Record<string, { sheets: { name: string; rows: Cell[][] }[]; fails?: RegExp; options?: Record<string, unknown> }> = {
  numbers: {
    sheets: [
      {
        name: 'Data',
        rows: [
          ['id', 'n'],
          [1, 0.1],
          [2, -0],
          [3, 1e308],
          [4, 2 ** 53],
          [5, null],
          [6, 123456789.125],
        ],
      },
    ],
  },
  text: {
    sheets: [
      {
        name: 'Data',
        rows: [
          ['id', 't'],
          [1, '007'],
          [2, ''],
          [3, null],
          [4, ' spaced '],
          [5, '日本語 😀'],
          [6, 'line\nbreak'],
        ],
      },
    ],
  },
  mixed: {
    sheets: [
      {
        name: 'Data',
        rows: [
          ['id', 'm'],
          [1, 42],
          [2, 'n/a'],
          [3, 1.5],
          [4, true],
          [5, new Date(Date.UTC(2024, 1, 29, 13, 4, 5))],
        ],
      },
    ],
  },
  dates: {
    sheets: [
      {
        name: 'Data',
        rows: [
          ['id', 'd'],
          [1, new Date(Date.UTC(2024, 0, 1))],
          [2, new Date(Date.UTC(1999, 11, 31, 23, 59, 59))],
          [3, null],
        ],
      },
    ],
  },
  booleans: {
    sheets: [
      {
        name: 'Data',
        rows: [
          ['id', 'b'],
          [1, true],
          [2, false],
          [3, null],
        ],
      },
    ],
  },
  'header-names': {
    sheets: [
      {
        name: 'Data',
        rows: [
          ['id', null, 'x', 'x', null],
          [1, 'a', 'b', 'c', 'd'],
        ],
      },
    ],
  },
  'empty-rows': { sheets: [{ name: 'Data', rows: [['id', 'v'], [1, 'a'], [], [null, null], [4, 'd']] }] },
  'cell-kinds': {
    sheets: [
      {
        name: 'Data',
        rows: [
          ['id', 'k'],
          [1, { richText: [{ text: 'rich ' }, { text: 'text', font: { bold: true } }] }],
          [2, { text: 'a link', hyperlink: 'https://example.com' }],
          [3, { formula: '1+1', result: 2 } as Cell],
          [4, { error: '#DIV/0!' } as Cell],
        ],
      },
    ],
  },
  'odd-sheet-names': {
    sheets: [
      {
        name: 'Übersicht 2024 (Q1)',
        rows: [
          ['id', 'v'],
          [1, 'first tab'],
        ],
      },
      {
        name: 'Other',
        rows: [
          ['id', 'v'],
          [1, 'second tab'],
        ],
      },
    ],
  },
  'empty-first-sheet': {
    sheets: [
      { name: 'Cover', rows: [] },
      { name: 'Data', rows: [['id'], [1]] },
    ],
    fails: /sheet "Cover" \(sheet 1\) is empty.*"Data"/,
  },
  'all-sheets': {
    options: { sheetSelection: 'all' },
    sheets: [
      { name: 'Empty', rows: [] },
      {
        name: 'Jan',
        rows: [
          ['id', 'v'],
          [1, 10],
          [2, 20],
        ],
      },
      { name: 'Header only', rows: [['id', 'v']] },
      {
        name: 'Feb',
        rows: [
          ['id', 'v', 'note'],
          [3, 'n/a', 'typed differently'],
          [4, 40, null],
        ],
      },
    ],
  },
};

/** Writes every workbook with exceljs and returns them as cases. */
export async function excelCases(): Promise<ExcelCase[]> {
  const cases: ExcelCase[] = [];
  for (const [name, spec] of Object.entries(WORKBOOKS)) {
    const workbook = new ExcelJS.Workbook();
    const prefix = name.replace(/-/g, '_');
    for (const sheet of spec.sheets) {
      const ws = workbook.addWorksheet(sheet.name);
      sheet.rows.forEach((row, r) => {
        row.forEach((value, c) => {
          // Header cells are prefixed; an empty header cell stays empty.
          const cell = ws.getCell(r + 1, c + 1);
          cell.value = r === 0 && typeof value === 'string' ? `${prefix}_${value}` : value;
          if (value instanceof Date) cell.numFmt = 'yyyy-mm-dd hh:mm:ss';
        });
      });
    }
    cases.push({ name: `${name}.xlsx`, bytes: Buffer.from(await workbook.xlsx.writeBuffer()), options: spec.options ?? {}, fails: spec.fails });
  }
  return cases;
}

/** The case file names (known before the workbooks are written). */
export const excelCaseNames = (): string[] => Object.keys(WORKBOOKS).map((n) => `${n}.xlsx`);
