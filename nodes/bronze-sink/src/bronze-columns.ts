import pl, { type LazyDataFrame } from 'nodejs-polars';
import type { SourceFile } from '@sluice/sdk';
import { literalColumn, lookupColumn } from '@sluice/sdk/polars';

/** Columns the sink adds to every row; a source column of the same name is replaced. */
export const AUDIT_COLUMNS = ['_source_file', '_source_modified_at', '_ingested_at', '_run_id'] as const;
export const RESCUED_COLUMN = '_rescued_data';

/** Columns the sink owns, left out when a file's columns are compared with the table's. */
export function isSinkColumn(name: string): boolean {
  return (AUDIT_COLUMNS as readonly string[]).includes(name) || name === RESCUED_COLUMN;
}

/**
 * The columns of a part, worked out from the file's columns the way polars applies `withColumns`
 * (a column of the same name is replaced in place, new ones are appended), without asking polars
 * to resolve the frame again.
 */
export function partColumnsOf(file: Record<string, string>, rescued: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(file)) if (!rescued?.includes(k)) out[k] = v;
  if (rescued) out[RESCUED_COLUMN] = 'String';
  for (const c of AUDIT_COLUMNS) out[c] = c === '_source_file' || c === '_run_id' ? 'String' : 'Datetime(ms,UTC)';
  return out;
}

const TIMESTAMP = pl.Datetime('ms', 'UTC');

/**
 * Adds the audit columns, as literal expressions: polars repeats them while streaming. Built with
 * `literalColumn` (no JavaScript wrapper objects): with the public `pl.lit(...).cast(...).alias(...)`
 * these four columns cost ~3 ms of CPU per file, the largest per-file cost on many small files.
 */
export function withAuditColumns(frame: LazyDataFrame, origin: SourceFile, runId: string, ingestedAt: Date): LazyDataFrame {
  return frame.withColumns(
    literalColumn('_source_file', origin.uri),
    literalColumn('_source_modified_at', origin.modifiedAt, TIMESTAMP),
    literalColumn('_ingested_at', ingestedAt, TIMESTAMP),
    literalColumn('_run_id', runId),
  );
}

/**
 * `withAuditColumns` for the rows of several files read together, each row's file named by its key
 * in `fileColumn`: `_source_file` and `_source_modified_at` are looked up per row from the key, the
 * other two are literals, and `fileColumn` goes. The columns, their order and values are those of
 * each file's rows given `withAuditColumns` alone.
 */
export function withBatchAuditColumns(
  frame: LazyDataFrame,
  fileColumn: string,
  files: { key: string; origin: SourceFile }[],
  runId: string,
  ingestedAt: Date,
): LazyDataFrame {
  const keys = files.map((f) => f.key);
  return frame
    .withColumns(
      lookupColumn(
        '_source_file',
        fileColumn,
        keys,
        files.map((f) => f.origin.uri),
      ),
      lookupColumn(
        '_source_modified_at',
        fileColumn,
        keys,
        files.map((f) => f.origin.modifiedAt),
        TIMESTAMP,
      ),
      literalColumn('_ingested_at', ingestedAt, TIMESTAMP),
      literalColumn('_run_id', runId),
    )
    .drop(fileColumn);
}

/** Whether a dtype name (`dtypeName`'s form) holds Binary, alone or inside a list or struct. */
const holdsBinary = (dtype: string | undefined): boolean => !!dtype && /(^|\(|, )Binary(\)|,|$)/.test(dtype);

/**
 * Rescue mode: the columns that do not fit the table are folded into one JSON string column,
 * `{"col": value, ...}` per row, and dropped; a part always has `_rescued_data` (null when nothing
 * was rescued), so the column has one type across the table.
 *
 * JSON has no bytes: a Binary column's value is rescued as its bytes, a JSON array of numbers 0-255
 * (lossless; polars cannot write Binary as JSON, and aborts the process if asked to). Binary inside
 * a list or struct cannot be rescued that way, so such a column fails the file, named
 * (`rescueProblem`), instead of losing its bytes.
 */
export function withRescuedData(frame: LazyDataFrame, rescued: string[], columns: Record<string, string> = {}): LazyDataFrame {
  if (!rescued.length) return frame.withColumns(literalColumn(RESCUED_COLUMN, null, pl.String));
  return frame
    .withColumns(
      pl
        .struct(rescued.map((c) => (columns[c] === 'Binary' ? pl.col(c).cast(pl.List(pl.UInt8)) : pl.col(c))))
        .struct.jsonEncode()
        .alias(RESCUED_COLUMN),
    )
    .drop(rescued);
}

/** Why rescue mode cannot fold these columns into `_rescued_data`, if it cannot: Binary nested in a list or struct. */
export function rescueProblem(rescued: string[], columns: Record<string, string>): string | undefined {
  const nested = rescued.filter((c) => columns[c] !== 'Binary' && holdsBinary(columns[c]));
  if (!nested.length) return undefined;
  return `column${nested.length > 1 ? 's' : ''} ${nested.map((c) => `"${c}" (${columns[c]})`).join(', ')} would go to _rescued_data, but bytes nested in a list or struct cannot be written as JSON without loss`;
}
