import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { combineSheets } from './combine-sheets.ts';
import { listSheets } from './list-sheets.ts';
import { readWorkbookFull } from './read-workbook-full.ts';
import { readWorkbookStream } from './read-workbook-stream.ts';
import type { ReadOptions } from './sheet-result.ts';
import { writeExportWorkbook, writeSharedFormulaWorkbook } from './test-workbooks.ts';

const dir = mkdtempSync(join(tmpdir(), 'read-workbook-'));
const path = join(dir, 'export.xlsx');
const sharedPath = join(dir, 'shared.xlsx');
beforeAll(async () => {
  await writeExportWorkbook(path);
  await writeSharedFormulaWorkbook(sharedPath);
});

const base: ReadOptions = { sheetSelection: 'index', sheetIndex: 1, sheetName: '', skipRows: 3, header: true, formulas: 'result' };
const utc = (...a: [number, number, number, number?, number?]) => new Date(Date.UTC(...a));

describe.each([
  ['full', readWorkbookFull],
  ['streaming', readWorkbookStream],
] as const)('%s reader', (mode, read) => {
  it('reads a header on row 4, dates (also serial numbers formatted as dates) and cached formula results', async () => {
    const warnings: string[] = [];
    const [sheet] = await read(path, 'export.xlsx', base, (w) => warnings.push(w));
    expect(sheet!.name).toBe('Sales');
    expect(sheet!.frame.columns).toEqual(['id', 'sold_at', 'amount', 'doubled']);
    const rows = sheet!.frame.toRecords();
    expect(rows.map((r) => [r.id, r.sold_at, r.amount])).toEqual([
      [1, utc(2024, 0, 15, 10, 30), '10.5'],
      [2, utc(2024, 1, 1), '3'],
      [3, utc(2023, 2, 15), 'n/a'],
      [4, utc(2024, 2, 1), 'see note'],
    ]);
    expect(sheet!.frame.schema.sold_at!.variant).toBe('Datetime');
    if (mode === 'full') {
      // C8:D8 is merged: D8 takes the master's value, with a warning naming the range; the
      // formula error result is kept as its code.
      expect(rows.map((r) => r.doubled)).toEqual(['21', '6', '#VALUE!', 'see note']);
      expect(warnings).toEqual(['sheet "Sales": merged range C8:D8 takes the value of its first cell C8 in every cell']);
    } else {
      // The streaming reader knows no merges, and exceljs drops a formula's cached error there.
      expect(rows.map((r) => r.doubled)).toEqual([21, 6, null, null]);
      expect(warnings).toEqual([expect.stringContaining('sheet "Sales": 1 formula cell(s) have no cached result')]);
    }
  });

  it('gives formula text when asked', async () => {
    const [sheet] = await read(path, 'export.xlsx', { ...base, formulas: 'text' }, () => {});
    expect(sheet!.frame.getColumn('doubled').toArray()).toEqual(['=C5*2', '=C6*2', '=C7*2', mode === 'full' ? 'see note' : null]);
  });

  it('selects a sheet by name, and names the sheets when it is missing', async () => {
    const [sheet] = await read(path, 'export.xlsx', { ...base, sheetSelection: 'name', sheetName: 'Regions', skipRows: 0 }, () => {});
    expect(sheet!.frame.toRecords()).toEqual([
      { region: 'North', manager: 'Ana' },
      { region: 'South', manager: 'José' },
    ]);
    await expect(read(path, 'export.xlsx', { ...base, sheetSelection: 'name', sheetName: 'Nope' }, () => {})).rejects.toThrow(
      'export.xlsx: no sheet named "Nope"; the workbook has "Sales", "Regions", "Notes"',
    );
    await expect(read(path, 'export.xlsx', { ...base, sheetIndex: 9 }, () => {})).rejects.toThrow(/no sheet number 9/);
  });

  it('reads every sheet, typed per sheet, and combines them with _sheet', async () => {
    const sheets = await read(path, 'export.xlsx', { ...base, sheetSelection: 'all', skipRows: 0 }, () => {});
    expect(sheets.map((s) => s.name)).toEqual(['Sales', 'Regions', 'Notes']);
    const all = combineSheets(sheets.slice(1));
    expect(all.columns).toEqual(['_sheet', 'region', 'manager', 'note']);
    expect(all.getColumn('region').toArray()).toEqual(['North', 'South', '1']);
  });

  it('names columns column_N without a header', async () => {
    const [sheet] = await read(path, 'export.xlsx', { ...base, sheetIndex: 2, skipRows: 1, header: false }, () => {});
    expect(sheet!.frame.columns).toEqual(['column_1', 'column_2']);
    expect(sheet!.frame.height).toBe(2);
  });
});

describe('listSheets', () => {
  it('names every sheet with its row count, streamed', async () => {
    expect(await listSheets(path, 'export.xlsx')).toEqual([
      { name: 'Sales', rows: 7 },
      { name: 'Regions', rows: 3 },
      { name: 'Notes', rows: 2 },
    ]);
  });
});

describe('shared formulas', () => {
  const opts: ReadOptions = { ...base, skipRows: 0, formulas: 'text' };
  it('are translated to each cell by the full reader', async () => {
    const [sheet] = await readWorkbookFull(sharedPath, 'shared.xlsx', opts, () => {});
    expect(sheet!.frame.getColumn('total').toArray()).toEqual(['=A2*10', '=A3*10', '=A4*10']);
  });

  it('have no text after the first cell in streaming mode, and say so', async () => {
    const warnings: string[] = [];
    const [sheet] = await readWorkbookStream(sharedPath, 'shared.xlsx', opts, (w) => warnings.push(w));
    expect(sheet!.frame.getColumn('total').toArray()).toEqual(['=A2*10', null, null]);
    expect(warnings).toEqual(['sheet "Fill": 2 cell(s) of shared formulas have no formula text in streaming mode; they are null']);
  });

  it('give their cached results in either reader', async () => {
    for (const read of [readWorkbookFull, readWorkbookStream]) {
      const [sheet] = await read(sharedPath, 'shared.xlsx', { ...opts, formulas: 'result' }, () => {});
      expect(sheet!.frame.getColumn('total').toArray()).toEqual([20, 30, 40]);
    }
  });
});
