import { stat } from 'node:fs/promises';
import type { FileItem, NodeContext } from '@sluice/sdk';
import type { CsvTable } from './csv-table.ts';
import type { PreparedCsv } from './prepare-csv.ts';

/** Hands a file's table on: its bytes counted when the executor could not, a line saying how it was read, the table emitted. */
export async function emitTable(file: FileItem, prepared: PreparedCsv, table: CsvTable, ctx: NodeContext<unknown>): Promise<void> {
  // A decompressed or rewritten file has no size the executor could count; its scanned bytes are it.
  if (file.size === undefined) ctx.metrics({ bytesIn: (await stat(prepared.scanPath)).size });
  const m = table.metadata;
  const { dialect } = prepared;
  const rewrites = [dialect.encoding !== 'utf-8' ? 'transcoded to UTF-8' : '', dialect.backslashQuote !== null ? 'backslash escapes rewritten' : ''].filter(
    Boolean,
  );
  const how = rewrites.length ? rewrites.join(', ') : 'scanned in place';
  ctx.log.info(`${file.name}: CSV, delimiter ${JSON.stringify(m.delimiter)}, ${m.encoding}, ${m.lineEnd}, ${table.columns.length} columns, ${how}`, m);
  await ctx.emit('table', { kind: 'table', origin: file.origin, format: 'csv', frame: table.frame });
}

/** A file of zero bytes has no table: it is skipped, saying so. */
export function skipEmpty(file: FileItem, ctx: NodeContext<unknown>): void {
  ctx.skip(`${file.origin.uri}: the file is empty (0 bytes)`);
}
