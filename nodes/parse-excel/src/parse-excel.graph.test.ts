import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphDocument } from '@sluice/sdk';
import { chainGraph, runTestGraph } from '@sluice/engine/testing';
import JSZip from 'jszip';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';
import type { ParseExcelConfig } from './index.ts';
import { writeEmptySheetsWorkbook, writeExportWorkbook } from './test-workbooks.ts';

function ingestGraph(dir: string, patterns: string[], config: Partial<ParseExcelConfig>): GraphDocument {
  return chainGraph('excel into bronze', [
    { id: 'src', type: 'source-local', config: { folder: dir, patterns } },
    { id: 'parse', type: 'parse-excel', config },
    { id: 'sink', type: 'bronze-sink', config: { table: 'sheets' } },
  ]);
}

/** Every row Bronze holds, without the sink's audit columns. */
function bronze(dataDir: string): pl.DataFrame {
  const root = join(dataDir, 'bronze', 'sheets');
  const parts = readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.parquet') && !e.name.startsWith('.'))
    .map((e) => pl.readParquet(join(e.parentPath, e.name)));
  return pl.concat(parts, { how: 'diagonal' }).drop('_source_file', '_source_modified_at', '_ingested_at', '_run_id');
}

async function inputDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parse-excel-graph-'));
  await writeExportWorkbook(join(dir, 'export.xlsx'));
  const zip = new JSZip();
  zip.file('readme.txt', 'not a workbook');
  zip.file('data/orders.csv', 'id,amount\n1,2\n');
  writeFileSync(join(dir, 'archive.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
  writeFileSync(join(dir, 'legacy.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]));
  return dir;
}

const utc = (...a: [number, number, number, number?, number?]) => new Date(Date.UTC(...a));

describe('parse-excel into Bronze', () => {
  it('lands the sheet with a header on row 4, a date, a formula and a merged range; a zip that is not a workbook and an .xls fail alone', async () => {
    const dir = await inputDir();
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, ['*.xls', '*.xlsx'], { skipRows: 3 }), { plugins: [plugin], graphDir: dir });
    expect(summary.files).toEqual({ processed: 1, skipped: 0, failed: 2 });
    const errors = summary.errors.map((e) => e.message).join('\n');
    expect(errors).toMatch(/archive\.xlsx: not an Excel workbook: the zip archive holds no worksheets/);
    expect(errors).toMatch(/legacy\.xls: legacy Excel 97-2003 \(\.xls\) and password-protected workbooks are not supported/);
    expect(summary.warnings.map((w) => w.message)).toContain('sheet "Sales": merged range C8:D8 takes the value of its first cell C8 in every cell');

    const rows = bronze(dataDir).sort('id');
    expect(rows.columns).toEqual(['id', 'sold_at', 'amount', 'doubled']);
    expect(rows.toRecords()).toEqual([
      { id: 1, sold_at: utc(2024, 0, 15, 10, 30), amount: '10.5', doubled: '21' },
      { id: 2, sold_at: utc(2024, 1, 1), amount: '3', doubled: '6' },
      { id: 3, sold_at: utc(2023, 2, 15), amount: 'n/a', doubled: '#VALUE!' },
      { id: 4, sold_at: utc(2024, 2, 1), amount: 'see note', doubled: 'see note' },
    ]);
  });

  it('lands all three sheets with _sheet, formulas as text, in streaming mode', async () => {
    const dir = await inputDir();
    const config = { sheetSelection: 'all', formulas: 'text', reader: 'streaming' } as const;
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, ['export.xlsx'], config), { plugins: [plugin], graphDir: dir });
    expect(summary.files.processed).toBe(1);
    const rows = bronze(dataDir);
    expect(rows.getColumn('_sheet').unique().sort().toArray()).toEqual(['Notes', 'Regions', 'Sales']);
    const regions = rows.filter(pl.col('_sheet').eq(pl.lit('Regions')));
    expect(regions.select('region', 'manager').toRecords()).toEqual([
      { region: 'North', manager: 'Ana' },
      { region: 'South', manager: 'José' },
    ]);
    // Sales read without skipping: its header is the title row, so the formulas are in column_4.
    const sales = rows.filter(pl.col('_sheet').eq(pl.lit('Sales')));
    expect(
      sales
        .getColumn('column_4')
        .toArray()
        .filter((v) => v !== null),
    ).toEqual(['doubled', '=C5*2', '=C6*2', '=C7*2']);
  });

  it('selects a sheet by name', async () => {
    const dir = await inputDir();
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, ['export.xlsx'], { sheetSelection: 'name', sheetName: 'Notes' }), {
      plugins: [plugin],
      graphDir: dir,
    });
    expect(summary.files.processed).toBe(1);
    expect(bronze(dataDir).toRecords()).toEqual([{ region: 1, note: 'numbers in a column that is text on another sheet' }]);
  });

  it('selects a sheet by number, without a header row', async () => {
    const dir = await inputDir();
    const config = { sheetIndex: 2, header: false, skipRows: 1, reader: 'full' } as const;
    const { summary, dataDir } = await runTestGraph(ingestGraph(dir, ['export.xlsx'], config), { plugins: [plugin], graphDir: dir });
    expect(summary.files.processed).toBe(1);
    expect(bronze(dataDir).toRecords()).toEqual([
      { column_1: 'North', column_2: 'Ana' },
      { column_1: 'South', column_2: 'José' },
    ]);
  });

  describe('empty sheets', () => {
    async function emptySheetsDir(): Promise<string> {
      const dir = mkdtempSync(join(tmpdir(), 'parse-excel-empty-'));
      await writeEmptySheetsWorkbook(join(dir, 'cover.xlsx'));
      await writeEmptySheetsWorkbook(join(dir, 'nothing.xlsx'), true);
      return dir;
    }

    for (const reader of ['full', 'streaming'] as const) {
      it(`fails a file whose selected sheet is empty, naming the sheet and the sheets with data (${reader})`, async () => {
        const dir = await emptySheetsDir();
        const { summary } = await runTestGraph(ingestGraph(dir, ['cover.xlsx'], { reader }), { plugins: [plugin], graphDir: dir });
        expect(summary.files).toEqual({ processed: 0, skipped: 0, failed: 1 });
        expect(summary.errors.map((e) => e.message).join('\n')).toMatch(
          /cover\.xlsx: sheet "Cover" \(sheet 1\) is empty: no cell holds a value; the sheets with data are "Data"/,
        );
      });

      it(`lands the other sheets in all-sheets mode, skipping the empty ones with a warning, no invented row (${reader})`, async () => {
        const dir = await emptySheetsDir();
        const config = { sheetSelection: 'all', reader } as const;
        const { summary, dataDir } = await runTestGraph(ingestGraph(dir, ['*.xlsx'], config), { plugins: [plugin], graphDir: dir });
        expect(summary.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
        expect(summary.warnings.map((w) => w.message)).toContain('empty sheets skipped (no cell holds a value): "Cover", "Blank"');
        expect(summary.errors.map((e) => e.message).join('\n')).toMatch(/nothing\.xlsx: every sheet is empty \("Cover", "Blank"\): no cell holds a value/);
        // "Headers only" lands no row; its columns have no value, so no type: `id` stays a number.
        expect(bronze(dataDir).sort(['_sheet', 'id']).toRecords()).toEqual([
          { _sheet: 'Data', id: 1, name: 'Ana' },
          { _sheet: 'Data', id: 2, name: 'Jo' },
        ]);
      });
    }

    it('warns when the selected sheet has a header but no rows, naming the sheets with data', async () => {
      const dir = await emptySheetsDir();
      const config = { sheetSelection: 'name', sheetName: 'Headers only' } as const;
      const { summary } = await runTestGraph(ingestGraph(dir, ['cover.xlsx'], config), { plugins: [plugin], graphDir: dir });
      expect(summary.files.processed).toBe(1);
      expect(summary.warnings.map((w) => w.message)).toContain('sheet "Headers only" has a header row but no data rows; the sheets with data are "Data"');
    });
  });
});
