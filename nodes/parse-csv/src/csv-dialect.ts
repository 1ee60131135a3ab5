import iconv from 'iconv-lite';
import { DELIMITER_PRESETS, type ParseCsvConfig } from './csv-config.ts';
import { detectLineEnd, hasUtf8Bom, sniffDelimiter, type LineEnd, type Utf16Encoding } from './sniff-csv.ts';

/** Everything about a file's CSV dialect that is settled before polars reads it. */
export interface CsvDialect {
  delimiter: string;
  lineEnd: LineEnd;
  bom: boolean;
  /** The file's encoding: the option's, or UTF-16 when a byte-order mark says so. */
  encoding: ParseCsvConfig['encoding'] | Utf16Encoding;
  quote: string | null;
  /** The quote byte whose backslash escapes must be rewritten, or null. */
  backslashQuote: number | null;
  /**
   * The null markers were applied to the bytes polars reads (unquoted fields only): polars is then
   * given none, as it would also take a quoted `"NULL"` for one.
   */
  nullsInBytes: boolean;
}

/** The dialect of a file from its config and its first bytes. */
export function resolveDialect(config: ParseCsvConfig, head: Buffer): CsvDialect {
  const quote = config.quote === 'none' ? null : config.quote;
  const quoteByte = quote === null ? null : quote.charCodeAt(0);
  const bom = config.encoding === 'utf-8' && hasUtf8Bom(head);
  const body = bom ? head.subarray(3) : head;
  const lineEnd = detectLineEnd(body, quoteByte);
  let delimiter = DELIMITER_PRESETS[config.delimiter] ?? config.delimiter;
  if (delimiter === 'auto') {
    const text = iconv.decode(body, config.encoding);
    const sep = lineEnd === 'cr' ? '\r' : '\n';
    const afterPreamble = text.split(sep).slice(config.skipRows).join(sep);
    delimiter = sniffDelimiter(afterPreamble, quote, lineEnd);
  }
  return {
    delimiter,
    lineEnd,
    bom,
    encoding: config.encoding,
    quote,
    backslashQuote: config.escape === 'backslash' && quoteByte !== null ? quoteByte : null,
    nullsInBytes: false,
  };
}

export function describeDelimiter(d: string): string {
  const name = Object.entries(DELIMITER_PRESETS).find(([, v]) => v === d)?.[0];
  return name ?? JSON.stringify(d);
}
