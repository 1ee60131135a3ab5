import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pl, { type DataFrame, type DataType, type LazyDataFrame } from 'nodejs-polars';
import type { ParseCsvConfig } from './csv-config.ts';
import type { CsvDialect } from './csv-dialect.ts';
import { scanOptions } from './scan-options.ts';

/**
 * What polars is given to scan a local file: a `file://` location, not the bare path. With a bare
 * path polars memory-maps the whole file, and every page it has read stays in the process's RSS
 * (1.15 GB of file-backed RSS for a 1.1 GB CSV); through `file://` it reads with its object-store
 * reader in bounded buffers (about 260 MB anonymous RSS, 70 MB file-backed, same speed). polars
 * 0.26 percent-decodes these locations (0.25 did not), so the path goes in as a file URL, with
 * spaces, `#`, `%`, `?` and non-ASCII letters encoded (csv-frame.test.ts holds it to that).
 */
export function scanLocation(path: string): string {
  return pathToFileURL(resolve(path)).href;
}

/**
 * Whether polars named header cell `i` as a repeat of an empty (or blank) name: it renames a
 * repeated `x` to `x_duplicated_<n>`, so a second empty cell arrives as `_duplicated_0`. (A header
 * cell written as `_duplicated_0` after an empty one would be taken for one too.)
 */
function repeatsEmptyName(raw: string[], i: number): boolean {
  const repeated = /^(.*)_duplicated_\d+$/.exec(raw[i]!)?.[1];
  return repeated !== undefined && repeated.trim() === '' && raw.slice(0, i).includes(repeated);
}

/**
 * The lazy frame of a UTF-8 CSV file at `path`: every column text, shaped by `shapeText`.
 * Nothing is read but the header until a sink pulls the rows, except with `small`: then the whole
 * file is parsed here, off the main thread (`collected` says so). Asking a scan for its columns
 * resolves the header synchronously, and while polars' threads are busy writing other files'
 * parts that call waited ~1.3 ms per file on the main thread (2,000 tiny CSV files).
 */
export async function textFrame(
  path: string,
  config: ParseCsvConfig,
  dialect: CsvDialect,
  options: { small?: boolean } = {},
): Promise<{ frame: LazyDataFrame; columns: string[]; collected: boolean }> {
  const scan = pl.scanCSV(scanLocation(path), scanOptions(config, dialect));
  let frame: LazyDataFrame;
  let raw: string[];
  if (options.small) {
    const df = await scan.collect();
    raw = df.columns;
    frame = df.lazy();
  } else {
    raw = scan.columns;
    frame = scan;
  }
  return { ...shapeText(frame, raw, config, dialect), collected: !!options.small };
}

/**
 * Header names made usable (an empty or blank name becomes `column_<n>`), and with `trimWhitespace`
 * values and names trimmed and null markers matched again after trimming. Frames of one header
 * (a batch of files read together) are shaped once, by the same rules as a file alone.
 */
export function shapeText(
  scanned: LazyDataFrame,
  raw: string[],
  config: ParseCsvConfig,
  dialect: Pick<CsvDialect, 'nullsInBytes'>,
): { frame: LazyDataFrame; columns: string[] } {
  let frame = scanned;
  const renames: Record<string, string> = {};
  const taken = new Set(raw);
  raw.forEach((c, i) => {
    const trimmed = c.trim();
    if (trimmed === '' || repeatsEmptyName(raw, i)) renames[c] = `column_${i + 1}`;
    else if (config.trimWhitespace && trimmed !== c && !taken.has(trimmed)) {
      renames[c] = trimmed;
      taken.add(trimmed);
    }
  });
  if (Object.keys(renames).length) frame = frame.rename(renames);
  const columns = raw.map((c) => renames[c] ?? c);
  if (config.trimWhitespace) {
    // Null markers are matched again after trimming, so that " NA " is null like "NA" (unless the
    // bytes had them applied, trimmed, to unquoted fields only).
    const markers = dialect.nullsInBytes ? [] : config.nullValues;
    frame = frame.withColumns(
      ...columns.map((c) => {
        const trimmed = pl.col(c).str.strip();
        return (markers.length ? pl.when(trimmed.isIn(markers)).then(pl.lit(null)).otherwise(trimmed) : trimmed).alias(c);
      }),
    );
  }
  return { frame, columns };
}

/**
 * Parses the first `rows` rows of the file, so that a wrong dialect fails in the parse node, named,
 * instead of later in the sink. Through the bare path, not `scanLocation`: polars then memory-maps
 * the file and touches only its first pages (1-5 ms on W1's 273 MB CSV), where its object-store
 * reader fetches a large first block (50-120 ms). The full scan keeps `scanLocation`, whose reads
 * stay out of the process's RSS.
 */
export async function firstRows(path: string, config: ParseCsvConfig, dialect: CsvDialect, rows: number): Promise<DataFrame> {
  return pl.scanCSV(resolve(path), scanOptions(config, dialect)).head(rows).collect();
}

/** A column polars typed with a type JavaScript cannot hold (integers beyond 64 bits: Int128). */
export interface WideColumn {
  column: string;
  proposed: string;
}

/**
 * The types polars proposes per column from the first `rows` rows (keyed by final column name).
 * A column of integers beyond 64 bits comes back as Int128, which nodejs-polars cannot represent
 * (reading its type throws "DataType Int128 is not supported for JS conversion"): such a column
 * gets no proposal, so it stays text with its digits as written, and is listed in `wide`.
 */
export async function proposedTypes(
  path: string,
  config: ParseCsvConfig,
  dialect: CsvDialect,
  columns: string[],
): Promise<{ proposals: Record<string, DataType>; wide: WideColumn[] }> {
  const sample = await pl
    .scanCSV(scanLocation(path), { ...scanOptions(config, dialect), inferSchemaLength: config.inferRows })
    .head(0)
    .collect();
  const proposals: Record<string, DataType> = {};
  const wide: WideColumn[] = [];
  for (let i = 0; i < sample.width && i < columns.length; i++) {
    const column = columns[i]!;
    try {
      proposals[column] = sample.toSeries(i).dtype;
    } catch (err) {
      const type = /DataType (\w+) is not supported/.exec(String((err as Error)?.message ?? err));
      if (!type) throw err;
      wide.push({ column, proposed: type[1]! });
    }
  }
  return { proposals, wide };
}
