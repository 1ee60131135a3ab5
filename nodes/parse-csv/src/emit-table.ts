import { stat } from 'node:fs/promises';
import type { FileItem, NodeContext, TableItem } from '@sluice/sdk';
import { batchTableItem } from '@sluice/sdk/polars';
import type { CsvTable } from './csv-table.ts';
import type { PreparedCsv } from './prepare-csv.ts';
import type { TogetherTable } from './read-together.ts';

/** Hands a file's table on: its bytes counted when the executor could not, a line saying how it was read, the table emitted. */
export async function emitTable(file: FileItem, prepared: PreparedCsv, table: CsvTable | TogetherTable, ctx: NodeContext<unknown>): Promise<void> {
  // A decompressed or rewritten file has no size the executor could count; its scanned bytes are it.
  if (file.size === undefined) ctx.metrics({ bytesIn: (await stat(prepared.scanPath)).size });
  const m = table.metadata;
  const { dialect } = prepared;
  const rewrites = [dialect.encoding !== 'utf-8' ? 'transcoded to UTF-8' : '', dialect.backslashQuote !== null ? 'backslash escapes rewritten' : ''].filter(
    Boolean,
  );
  const how = rewrites.length ? rewrites.join(', ') : 'scanned in place';
  ctx.log.info(`${file.name}: CSV, delimiter ${JSON.stringify(m.delimiter)}, ${m.encoding}, ${m.lineEnd}, ${table.columns.length} columns, ${how}`, m);
  const item: TableItem =
    'batch' in table ? batchTableItem(file.origin, 'csv', table.batch) : { kind: 'table', origin: file.origin, format: 'csv', frame: table.frame };
  await ctx.emit('table', item);
}

/** A file of zero bytes has no table: it is skipped, saying so. */
export function skipEmpty(file: FileItem, ctx: NodeContext<unknown>): void {
  ctx.skip(`${file.origin.uri}: the file is empty (0 bytes)`);
}
