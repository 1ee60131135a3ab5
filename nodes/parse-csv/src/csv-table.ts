import { FileError, type FileMetadata } from '@sluice/sdk';
import type { LazyDataFrame } from 'nodejs-polars';
import type { ParseCsvConfig } from './csv-config.ts';
import { describeDelimiter } from './csv-dialect.ts';
import { firstRows, proposedTypes, textFrame } from './csv-frame.ts';
import { polarsCause } from './polars-cause.ts';
import type { PreparedCsv } from './prepare-csv.ts';
import { applyTypes } from './type-policy.ts';

/** Rows parsed at once by the parse node itself, so that a wrong dialect fails here, naming it. */
const CHECKED_ROWS = 100;

export interface CsvTable {
  frame: LazyDataFrame;
  columns: string[];
  metadata: FileMetadata;
}

function describeFailure(err: unknown, prepared: PreparedCsv, config: ParseCsvConfig): string {
  const { dialect } = prepared;
  const cause = polarsCause(err);
  const hint =
    /utf-?8/i.test(cause) && dialect.encoding === 'utf-8'
      ? ' (the file is not valid UTF-8: if it is Latin-1 or Windows-1252, set encoding to iso-8859-1 or windows-1252)'
      : '';
  return `not readable as CSV with delimiter ${describeDelimiter(dialect.delimiter)}, quote ${config.quote}, encoding ${dialect.encoding}: ${cause}${hint}`;
}

/**
 * The table of a prepared CSV file: text columns (typed only where every value fits, when asked),
 * with the first rows parsed at once. Later rows are parsed while the sink streams; a broken row
 * there fails the file at the sink, whose error the executor reports with the file's name.
 */
export async function csvTable(prepared: PreparedCsv, config: ParseCsvConfig, file: string, warn: (message: string) => void): Promise<CsvTable> {
  const { dialect, scanPath } = prepared;
  let frame: LazyDataFrame;
  let columns: string[];
  const typed: Record<string, string> = {};
  try {
    let collected: boolean;
    ({ frame, columns, collected } = await textFrame(scanPath, config, dialect, { small: prepared.small }));
    if (!collected) await firstRows(scanPath, config, dialect, CHECKED_ROWS);
    if (config.inferTypes) {
      const { proposals, wide } = await proposedTypes(scanPath, config, dialect, columns);
      for (const w of wide) {
        warn(
          `${file}: column "${w.column}" kept as text: its integers go beyond 64 bits (polars guessed ${w.proposed} from the first ${config.inferRows} rows)`,
        );
      }
      const result = await applyTypes(frame, proposals);
      frame = result.frame;
      Object.assign(typed, result.typed);
      for (const f of result.fallbacks) {
        warn(
          `${file}: column "${f.column}" kept as text: ${f.misfits} value(s) do not fit the ${f.proposed} type guessed from the first ${config.inferRows} rows${f.lossy ? ` (${f.lossy} of them a number a float64 cannot hold as written)` : ''}`,
        );
      }
    }
  } catch (err) {
    throw new FileError(file, describeFailure(err, prepared, config), { cause: err });
  }
  return { frame, columns, metadata: csvMetadata(prepared, config, columns, typed) };
}

/** What the parse node tells of a file it read: its dialect and columns. */
export function csvMetadata(prepared: PreparedCsv, config: ParseCsvConfig, columns: string[], typed: Record<string, string> = {}): FileMetadata {
  const { dialect } = prepared;
  return {
    format: 'csv',
    delimiter: dialect.delimiter,
    encoding: dialect.encoding,
    bom: dialect.bom,
    lineEnd: dialect.lineEnd,
    quote: config.quote,
    escape: config.escape,
    header: config.header,
    skipRows: config.skipRows,
    rewritten: prepared.rewritten,
    columns,
    typedColumns: Object.entries(typed).map(([c, t]) => `${c}: ${t}`),
  };
}
