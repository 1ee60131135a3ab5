import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedDifferences } from '@sluice/run-examples';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { generate, SHEET, SKIP_ROWS, WORKBOOK } from './generate.ts';

const here = new URL('.', import.meta.url).pathname;

describe('finance-workbook generator', () => {
  it('reproduces the committed workbook, graph.json and expected.json byte for byte (seeded, fixed zip times)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sluice-gen-finance-'));
    await generate(out);
    expect(generatedDifferences(here, out, ['input', 'graph.json', 'expected.json'])).toEqual([]);
  });

  it('commits a workbook with what the example is about: the sheet not first, a merged title, a formula with its result, dates', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(here, WORKBOOK));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Cover', SHEET, 'Assumptions']);
    const sheet = wb.getWorksheet(SHEET)!;
    expect(sheet.getCell('G1').isMerged && sheet.getCell('G1').master.address).toBe('A1');
    const first = SKIP_ROWS + 2;
    expect(sheet.getCell(`F${first}`).value).toMatchObject({ formula: `E${first}-D${first}`, result: expect.any(Number) });
    expect(sheet.getCell(`A${first}`).value).toBeInstanceOf(Date);
  });
});
