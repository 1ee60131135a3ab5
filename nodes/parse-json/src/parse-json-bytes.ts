import { isUtf8 } from 'node:buffer';
import { FileError, errorMessage } from '@sluice/sdk';
import { withLiteralColumns } from '@sluice/sdk/polars';
import pl from 'nodejs-polars';
import type { LazyDataFrame } from 'nodejs-polars';
import { detectJsonFormat, firstContentByte } from './json-format.ts';
import type { JsonFormat } from './json-format.ts';
import { checkLines, jsonParseCause, lineAndColumn } from './json-lines.ts';
import { linesAsArray } from './lines-as-array.ts';
import type { BadLine } from './json-lines.ts';
import { recordsFrame } from './records-frame.ts';
import { ExprCache } from './expr-cache.ts';
import { KindCensus } from './kind-census.ts';
import { loneSurrogates } from './lone-surrogates.ts';
import { parseExactJson, rawNumber } from './parse-exact-json.ts';
import { shapeFrame } from './shape-frame.ts';
import type { Shaped } from './shape-frame.ts';
import type { ShapeOptions } from './shape-options.ts';

export const RESCUED_COLUMN = '_rescued_data';
/** Bytes looked at to tell JSON from JSON Lines. */
export const DETECT_BYTES = 64 * 1024;

export interface ParseJsonOptions extends ShapeOptions {
  format: 'auto' | JsonFormat;
  badLines: 'fail' | 'skip' | 'rescue';
}

export interface ParsedJson {
  format: JsonFormat;
  /** The flattened rows, as a lazy plan over the parsed records. */
  frame: LazyDataFrame;
  /** Records read (rows before arrays are exploded), for the node's metrics. */
  records: number;
  /** `polars` when polars parsed the file natively; `javascript` for the per-record fallback. */
  engine: 'polars' | 'javascript';
  warnings: string[];
}

/**
 * Parses a JSON document or JSON Lines file into a flat frame. Polars parses the bytes natively
 * (full-file schema inference, so a column first seen late is not dropped); only when it rejects the
 * file does JavaScript look at it, to find the bad line or to build the frame from records whose
 * types polars cannot unify. Returns null for a file with no content.
 */
export function parseJsonBytes(bytes: Buffer, name: string, opts: ParseJsonOptions, cache: ExprCache = new ExprCache()): ParsedJson | null {
  const start = firstContentByte(bytes);
  if (start < 0) return null;
  const buf = bytes.subarray(start);
  // JSON text is UTF-8 (RFC 8259); decoding other bytes would replace them with U+FFFD without a word.
  if (!isUtf8(buf)) throw new FileError(name, `is not valid UTF-8 (first invalid byte at line ${firstInvalidLine(buf)}): JSON text must be UTF-8`);
  const format = detectJsonFormat(buf.subarray(0, DETECT_BYTES), name, opts.format);
  const parsed = format === 'json' ? parseDocument(buf, name, opts, cache) : parseLines(buf, name, opts, cache);
  const lone = loneSurrogates(buf);
  if (lone) {
    const what = lone.count > 1 ? `${lone.count} lone UTF-16 surrogate escapes (first ${lone.first})` : `a lone UTF-16 surrogate escape (${lone.first})`;
    parsed.warnings.push(`${what}: no UTF-8 text can hold one: U+FFFD in its place in a text cell, the escape kept in JSON text`);
  }
  return parsed;
}

/** The 1-based line of the first byte that is not UTF-8. */
function firstInvalidLine(buf: Buffer): number {
  let line = 1;
  for (let pos = 0; pos < buf.length; line++) {
    let nl = buf.indexOf(0x0a, pos);
    if (nl < 0) nl = buf.length;
    if (!isUtf8(buf.subarray(pos, nl))) return line;
    pos = nl + 1;
  }
  return line;
}

function censusOf(records: Buffer, opts: ShapeOptions): KindCensus {
  const census = new KindCensus(opts);
  census.scan(records);
  return census;
}

/** True when polars would land some value of the records changed, or invent a key (see KindCensus). */
function polarsWouldChange(census: KindCensus): boolean {
  return census.coerced || census.keyMissingInText;
}

/** The warning for keys repeated within one object, whose earlier values are not kept. */
function repeatedKeyWarnings(census: KindCensus): string[] {
  const n = census.repeatedKeys;
  return n ? [`${n} key${n > 1 ? 's' : ''} repeated within one object: the last value of each landed, the earlier ones did not`] : [];
}

function parseDocument(buf: Buffer, name: string, opts: ParseJsonOptions, cache: ExprCache): ParsedJson {
  const census = censusOf(buf, opts);
  try {
    if (polarsWouldChange(census)) throw new Error('kinds polars would merge');
    const df = pl.readJSON(buf, { format: 'json', inferSchemaLength: null });
    return { format: 'json', frame: shapeFrame(df, opts, cache).frame, records: df.height, engine: 'polars', warnings: [] };
  } catch (polarsError) {
    // Polars rejects both broken JSON and fields whose types it cannot unify; JavaScript tells which.
    const text = buf.toString('utf8');
    let value: unknown;
    try {
      value = parseExactJson(text);
    } catch (err) {
      const cause = jsonParseCause(err);
      throw new FileError(name, `invalid JSON${where(buf, text, cause, errorMessage(polarsError))}: ${cause}`, { cause: err });
    }
    const records = Array.isArray(value) ? value : [value];
    const kind = (r: unknown) => (Array.isArray(r) ? 'an array' : r === null ? 'null' : rawNumber(r) !== undefined ? 'number' : typeof r);
    const badIndex = records.findIndex((r) => kind(r) !== 'object');
    if (badIndex >= 0) {
      const what = kind(records[badIndex]);
      throw new FileError(
        name,
        Array.isArray(value)
          ? `element ${badIndex} of the top-level array is ${what}; expected an array of objects`
          : `the document is ${what}; expected an array of objects or one object`,
      );
    }
    return { format: 'json', frame: recordsFrame(records, opts).lazy(), records: records.length, engine: 'javascript', warnings: repeatedKeyWarnings(census) };
  }
}

/**
 * ` at line L, column C` from V8's `... at position N` (a character offset), else from polars'
 * `Syntax at character N` (a byte offset); empty when neither says where.
 */
function where(buf: Buffer, text: string, v8Message: string, polarsMessage: string): string {
  const v8 = /at position (\d+)/.exec(v8Message);
  const polars = /at character (\d+)/.exec(polarsMessage);
  const at = v8 ? lineAndColumn(text, Number(v8[1])) : polars ? lineAndColumn(buf.toString('latin1', 0, Number(polars[1])), Number(polars[1])) : null;
  return at ? ` at line ${at.line}, column ${at.column}` : '';
}

function parseLines(buf: Buffer, name: string, opts: ParseJsonOptions, cache: ExprCache): ParsedJson {
  const rescue = opts.badLines === 'rescue';
  const array = linesAsArray(buf);
  const census = array ? censusOf(array, opts) : undefined;
  if (array && census && !polarsWouldChange(census)) {
    try {
      const df = pl.readJSON(array, { format: 'json', inferSchemaLength: null });
      const shaped = shapeFrame(df, opts, cache);
      return { format: 'jsonl', frame: rescue ? withEmptyRescue(shaped) : shaped.frame, records: df.height, engine: 'polars', warnings: [] };
    } catch {
      // Polars says neither which line nor why in a way worth showing; JavaScript finds out.
    }
  }
  const checked = checkLines(buf);
  const { bad, goodLines } = checked;
  if (bad.length && opts.badLines === 'fail') {
    const first = bad[0]!;
    const more = bad.length > 1 ? ` (${bad.length} bad lines in all)` : '';
    throw new FileError(name, `malformed JSON Lines at line ${first.line}: ${first.cause}${more}`);
  }
  // Without bad lines polars failed on the types alone: go straight to the record fallback.
  const good = goodFrame(checked.clean, goodLines, opts, rescue, bad.length ? undefined : census);
  const warnings = good.warnings;
  if (bad.length) {
    const first = bad[0]!;
    warnings.push(
      opts.badLines === 'skip'
        ? `skipped ${bad.length} malformed line${bad.length > 1 ? 's' : ''} (first at line ${first.line}: ${first.cause})`
        : `kept ${bad.length} malformed line${bad.length > 1 ? 's' : ''} in ${RESCUED_COLUMN} (first at line ${first.line}: ${first.cause})`,
    );
  }
  let frame = good.frame;
  if (rescue) {
    const rescued = rescuedFrame(bad);
    frame = goodLines.length ? pl.concat([frame, rescued], { how: 'diagonal' }).sort('__line') : rescued;
    frame = frame.drop('__line');
  }
  return { format: 'jsonl', frame, records: goodLines.length + (rescue ? bad.length : 0), engine: good.engine, warnings };
}

/**
 * The good lines as a frame: polars first, the record fallback when their types conflict. `census`
 * is given when every line is good and polars already failed on them (or would change a value):
 * then polars is not tried again.
 */
function goodFrame(
  clean: Buffer,
  lines: number[],
  opts: ShapeOptions,
  withLines: boolean,
  census: KindCensus | undefined,
): { frame: LazyDataFrame; engine: 'polars' | 'javascript'; warnings: string[] } {
  if (!lines.length) return { frame: pl.DataFrame({}).lazy(), engine: 'polars', warnings: [] };
  const array = census ? undefined : linesAsArray(clean)!;
  const seen = census ?? censusOf(array!, opts);
  const warnings = repeatedKeyWarnings(seen);
  try {
    if (!array || polarsWouldChange(seen)) throw new Error('kinds polars would merge');
    let df = pl.readJSON(array, { format: 'json', inferSchemaLength: null });
    if (withLines) df = df.withColumn(pl.Series('__line', lines, pl.Int64));
    return { frame: shapeFrame(df, opts).frame, engine: 'polars', warnings };
  } catch {
    const records = clean
      .toString('utf8')
      .split('\n')
      .map((l) => parseExactJson(l));
    return { frame: recordsFrame(records, opts, withLines ? lines : undefined).lazy(), engine: 'javascript', warnings };
  }
}

function rescuedFrame(bad: BadLine[]): LazyDataFrame {
  return pl
    .DataFrame([
      pl.Series(
        '__line',
        bad.map((b) => b.line),
        pl.Int64,
      ),
      pl.Series(
        RESCUED_COLUMN,
        bad.map((b) => b.text),
        pl.Utf8,
      ),
    ])
    .lazy();
}

/**
 * A `_rescued_data` column of nulls, so that the column exists whether or not a line was bad. A
 * frame without columns (records `{}`) stays without rows: polars would broadcast the literal to one.
 */
export function withEmptyRescue({ frame, columns }: Shaped): LazyDataFrame {
  return withLiteralColumns(frame, [{ name: RESCUED_COLUMN, value: null, dtype: pl.Utf8 }], { columns });
}
