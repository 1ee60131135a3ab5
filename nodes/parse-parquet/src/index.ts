import { FileError, definePlugin } from '@sluice/sdk';
import type { FileItem, NodeInput } from '@sluice/sdk';
import { withLiteralColumns } from '@sluice/sdk/polars';
import pl from 'nodejs-polars';
import { z } from 'zod';
import { footerMetadata, readParquetFooter } from './parquet-footer.ts';
import { detectParquet } from './detect-parquet.ts';

export { readParquetFooter, footerMetadata } from './parquet-footer.ts';
export type { ParquetFooter } from './parquet-footer.ts';

export const parseParquetConfig = z.strictObject({
  columns: z.array(z.string().min(1)).default([]).meta({
    title: 'Columns',
    description: 'Top-level columns to read, in this order; the others are never read from the file (pruning). Empty: all columns.',
  }),
  missingColumns: z.enum(['fail', 'null']).default('fail').meta({
    title: 'Missing columns',
    description: 'When a file lacks a selected column: fail the file naming the column, or add it as an empty text column.',
  }),
});
export type ParseParquetConfig = z.output<typeof parseParquetConfig>;

function fileItemOf(input: NodeInput | null): FileItem {
  if (!input || input.item.kind !== 'file') throw new Error('parse-parquet reads items from its "files" input');
  return input.item;
}

export default definePlugin({
  type: 'parse-parquet',
  version: 1,
  category: 'parse',
  title: 'Parse Parquet',
  description: 'Reads Parquet files (any codec polars reads) as tables, lazily, with column pruning; nested types are kept.',
  icon: 'table',
  detect: detectParquet,
  config: parseParquetConfig,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { table: { kind: 'table', title: 'Table' } },
  concurrency: 2,
  async run(config, input, ctx) {
    const file = fileItemOf(input);
    const path = await file.localPath(ctx.signal);
    // The footer is checked first so that a corrupt file fails here, naming the file, instead of
    // half-way through the sink's write.
    const footer = await readParquetFooter(path, file.name);
    // polars cannot read INTERVAL (nodejs-polars 0.25.2 panicked and aborted the whole process, even
    // for a pruned column; 0.26.1 raises "Arrow Field dtype does not match the ArrayRef dtypes"): such
    // a file fails here, alone, naming the columns, before polars sees it.
    const intervals = footer.intervalColumns;
    if (intervals.length) {
      throw new FileError(
        file.name,
        `column${intervals.length > 1 ? 's' : ''} ${intervals.map((c) => `"${c}"`).join(', ')} hold${intervals.length > 1 ? '' : 's'} Parquet INTERVAL values, which polars cannot read; the file is not read`,
      );
    }
    let frame = pl.scanParquet(path, { glob: false });
    // JSON is UTF-8 text by the format's definition, but polars reads it as Binary: it lands as the
    // text it is (as DuckDB reads it). The cast is strict: bytes that are not UTF-8 fail the file
    // rather than turn null. JSON nested in lists or structs keeps its bytes.
    if (footer.jsonColumns.length) frame = frame.withColumns(...footer.jsonColumns.map((c) => pl.col(c).cast(pl.Utf8, true)));
    if (config.columns.length) {
      const have = new Set(footer.columns);
      const missing = config.columns.filter((c) => !have.has(c));
      if (missing.length && config.missingColumns === 'fail') {
        throw new FileError(
          file.name,
          `column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} not in the file; it has: ${footer.columns.join(', ')}`,
        );
      }
      // Missing columns are added as literals before the selection: a literal selected alone would
      // be one row to polars, whatever the file holds (three rows, or none).
      const nulls = missing.map((name) => ({ name, value: null, dtype: pl.Utf8 }));
      frame = withLiteralColumns(frame, nulls, { columns: footer.columns }).select(...config.columns);
    }
    ctx.metrics({ rowsIn: footer.rows, bytesIn: footer.size });
    await ctx.emit('table', { kind: 'table', origin: file.origin, format: 'parquet', frame });
  },
  async inspect(_config, file, scope) {
    return footerMetadata(await readParquetFooter(await file.localPath(scope.signal), file.name));
  },
});
