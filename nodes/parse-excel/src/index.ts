import { stat } from 'node:fs/promises';
import { definePlugin } from '@sluice/sdk';
import type { FileItem, NodeInput } from '@sluice/sdk';
import { z } from 'zod';
import { combineSheets } from './combine-sheets.ts';
import { readWorkbookFull } from './read-workbook-full.ts';
import { readWorkbookStream } from './read-workbook-stream.ts';
import type { ReadOptions } from './sheet-result.ts';
import { checkWorkbookSignature } from './workbook-signature.ts';
import { listSheets } from './list-sheets.ts';
import { detectWorkbook } from './detect-workbook.ts';

export { checkWorkbookSignature } from './workbook-signature.ts';
export { SHEET_COLUMN } from './combine-sheets.ts';

const MiB = 1024 * 1024;

export const parseExcelConfig = z
  .strictObject({
    sheetSelection: z.enum(['index', 'name', 'all']).default('index').meta({
      title: 'Sheets',
      description: 'index: one sheet by its position; name: one sheet by its name; all: every sheet, one after another, with a _sheet column.',
    }),
    sheetIndex: z
      .number()
      .int()
      .min(1)
      .default(1)
      .meta({
        title: 'Sheet number',
        description: 'Position of the sheet among the worksheets, from 1 (the first tab).',
        showWhen: { sheetSelection: 'index' },
      }),
    sheetName: z
      .string()
      .default('')
      .meta({ title: 'Sheet name', description: 'Exact name of the sheet tab.', showWhen: { sheetSelection: 'name' } }),
    skipRows: z
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ title: 'Rows to skip', description: 'Rows above the header (titles, notes): with 3, the header is on row 4.' }),
    header: z
      .boolean()
      .default(true)
      .meta({ title: 'Header row', description: 'The first row after the skipped ones names the columns; without it, columns are column_1, column_2...' }),
    formulas: z
      .enum(['result', 'text'])
      .default('result')
      .meta({ title: 'Formulas', description: 'result: the value Excel calculated and saved with the file. text: the formula itself, like "=C5*2".' }),
    reader: z.enum(['auto', 'full', 'streaming']).default('auto').meta({
      title: 'Reader',
      description:
        'full: loads the workbook model (knows merged ranges). streaming: row by row in bounded memory (no merged ranges). auto: streaming for files above the size below.',
    }),
    streamingAboveMiB: z
      .number()
      .min(0)
      .default(5)
      .meta({
        title: 'Streaming above (MiB)',
        description: 'With reader auto: files larger than this (compressed .xlsx size) are read in streaming mode.',
        showWhen: { reader: 'auto' },
      }),
  })
  .refine((c) => c.sheetSelection !== 'name' || c.sheetName.trim().length > 0, {
    path: ['sheetName'],
    message: 'a sheet name is required when sheets are selected by name',
  });
export type ParseExcelConfig = z.output<typeof parseExcelConfig>;

function fileItemOf(input: NodeInput | null): FileItem {
  if (!input || input.item.kind !== 'file') throw new Error('parse-excel reads items from its "files" input');
  return input.item;
}

/** Which reader a file gets: the configured one, or streaming for large files under `auto`. */
export function chooseReader(config: Pick<ParseExcelConfig, 'reader' | 'streamingAboveMiB'>, size: number): 'full' | 'streaming' {
  if (config.reader !== 'auto') return config.reader;
  return size > config.streamingAboveMiB * MiB ? 'streaming' : 'full';
}

export default definePlugin({
  type: 'parse-excel',
  version: 1,
  category: 'parse',
  title: 'Parse Excel',
  description: 'Reads .xlsx workbooks as tables: one sheet or all, header row, formulas, dates, merged cells; large files streamed.',
  icon: 'sheet',
  detect: detectWorkbook,
  config: parseExcelConfig,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { table: { kind: 'table', title: 'Table' } },
  async run(config, input, ctx) {
    const file = fileItemOf(input);
    const path = await file.localPath(ctx.signal);
    await checkWorkbookSignature(path, file.name);
    const { size } = await stat(path);
    const reader = chooseReader(config, size);
    const opts: ReadOptions = config;
    const warn = (m: string) => ctx.warn(m, file.origin);
    const sheets = reader === 'full' ? await readWorkbookFull(path, file.name, opts, warn) : await readWorkbookStream(path, file.name, opts, warn);
    const frame = config.sheetSelection === 'all' ? combineSheets(sheets) : sheets[0]!.frame;
    ctx.metrics({ rowsIn: frame.height, bytesIn: size });
    await ctx.emit('table', { kind: 'table', origin: file.origin, format: 'xlsx', frame: frame.lazy() });
  },
  async inspect(config, file, scope) {
    const path = await file.localPath(scope.signal);
    await checkWorkbookSignature(path, file.name);
    const { size } = await stat(path);
    const sheets = await listSheets(path, file.name);
    return {
      format: 'xlsx',
      size,
      reader: chooseReader(config, size),
      sheets: sheets.map((s) => s.name),
      sheetRows: sheets.map((s) => `${s.name}: ${s.rows}`),
    };
  },
});
