import type { ScanCsvOptions } from 'nodejs-polars';
import type { ParseCsvConfig } from './csv-config.ts';
import type { CsvDialect } from './csv-dialect.ts';

/**
 * polars' scan options for a config, once the dialect details only the bytes can tell (the
 * delimiter when `auto`, the line end) are known. Every column is read as text
 * (`inferSchemaLength: 0`); typing, when asked for, is a separate, checked step.
 */
export function scanOptions(config: ParseCsvConfig, dialect: Pick<CsvDialect, 'delimiter' | 'lineEnd' | 'nullsInBytes'>): Partial<ScanCsvOptions> {
  // Null markers already applied to the bytes left an empty unquoted field for each null.
  const nulls = dialect.nullsInBytes ? [] : config.nullValues.filter((v) => v !== '');
  const emptyIsNull = dialect.nullsInBytes || config.nullValues.includes('');
  return {
    sep: dialect.delimiter,
    // polars takes an absent quoteChar as "no quoting" (an empty string is refused).
    quoteChar: config.quote === 'none' ? undefined : config.quote,
    hasHeader: config.header,
    // Raw lines, not CSV records: a preamble is not CSV and may hold a stray quote.
    skipLines: config.skipRows,
    eolChar: dialect.lineEnd === 'cr' ? '\r' : '\n',
    inferSchemaLength: 0,
    ...(nulls.length ? { nullValues: nulls } : {}),
    // An empty unquoted field is null only when "" is one of the null markers (a quoted "" never is).
    missingUtf8IsEmptyString: !emptyIsNull,
    // A ragged row must fail the file: truncating would drop values without a word.
    truncateRaggedLines: false,
    raiseIfEmpty: false,
    // Paths are paths: a file named `x[1].csv` is not a glob pattern.
    glob: false,
    cache: false,
  };
}
