import pl from 'nodejs-polars';
import type { DataFrame, Series } from 'nodejs-polars';
import { rawNumber } from './parse-exact-json.ts';
import type { ShapeOptions } from './shape-options.ts';

type Row = Map<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && rawNumber(v) === undefined;
}

/** The flat rows one JSON value gives under the shape options (several when arrays explode). */
function expandValue(name: string, value: unknown, depth: number, opts: ShapeOptions): Row[] {
  if (Array.isArray(value) && opts.arrays === 'explode') {
    if (value.length === 0) return [new Map([[name, null]])];
    return value.flatMap((v) => expandValue(name, v, depth, opts));
  }
  if (isPlainObject(value) && depth < opts.maxDepth) {
    return expandFields(
      Object.entries(value).map(([k, v]) => [`${name}${opts.separator}${k}`, v]),
      depth + 1,
      opts,
    );
  }
  return [new Map([[name, value]])];
}

function expandFields(entries: [string, unknown][], depth: number, opts: ShapeOptions): Row[] {
  let rows: Row[] = [new Map()];
  for (const [name, value] of entries) {
    const alternatives = expandValue(name, value, depth, opts);
    if (alternatives.length === 1) {
      for (const r of rows) for (const [k, v] of alternatives[0]!) r.set(k, v);
    } else {
      rows = rows.flatMap((r) => alternatives.map((a) => new Map([...r, ...a])));
    }
  }
  return rows;
}

/** A value as Bronze text: strings as they are, everything else as JSON (numbers as written). */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The number a value holds (a raw number from `parseExactJson`, or a plain one), else undefined. */
function numberText(v: unknown): string | undefined {
  return typeof v === 'number' ? String(v) : rawNumber(v);
}

/**
 * `types: infer`: booleans as Bool, integers as Int64, other numbers as Float64, when a double holds
 * every one as written; anything else (mixed kinds, an integer beyond 2^53, `1e400`, `-0`) is text.
 */
function inferredSeries(name: string, values: unknown[]): Series | undefined {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (!present.length) return undefined;
  if (present.every((v) => typeof v === 'boolean')) return pl.Series(name, values, pl.Bool);
  const texts = present.map(numberText);
  if (!texts.every((t) => t !== undefined && fitsDouble(t))) return undefined;
  const asNumbers = values.map((v) => (v === null || v === undefined ? null : Number(numberText(v))));
  return pl.Series(name, asNumbers, texts.every((t) => /^-?\d+$/.test(t!)) ? pl.Int64 : pl.Float64);
}

/** A number literal a double holds as written: no -0 integer, at most 17 significant digits, no overflow or underflow to 0. */
function fitsDouble(text: string): boolean {
  const x = Number(text);
  const digits = text.replace(/^-/, '').split(/[eE]/)[0]!.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  if (/^-?\d+$/.test(text)) return Number.isSafeInteger(x) && text !== '-0';
  return Number.isFinite(x) && digits.length <= 17 && (x !== 0 || digits === '');
}

function columnSeries(name: string, values: unknown[], opts: ShapeOptions): Series {
  return (opts.types === 'infer' ? inferredSeries(name, values) : undefined) ?? pl.Series(name, values.map(asText), pl.Utf8);
}

/**
 * Builds a frame from parsed JSON objects, column by column: the fallback for files polars cannot
 * read as one schema (a field that is a number in one record and an object in another). It follows
 * the same flattening rules as the polars path; a column whose values have mixed types is text.
 * `lines` (when given) is carried as a `__line` column for ordering rescued lines.
 */
export function recordsFrame(records: unknown[], opts: ShapeOptions, lines?: number[]): DataFrame {
  const columns = new Map<string, unknown[]>();
  const lineCol: number[] = [];
  let height = 0;
  records.forEach((record, i) => {
    const rows = isPlainObject(record) ? expandFields(Object.entries(record), 0, opts) : [new Map([['value', record]])];
    for (const row of rows) {
      for (const [k, v] of row) {
        let col = columns.get(k);
        if (!col) {
          col = new Array(height).fill(null);
          columns.set(k, col);
        }
        col.push(v ?? null);
      }
      height++;
      for (const col of columns.values()) if (col.length < height) col.push(null);
      if (lines) lineCol.push(lines[i]!);
    }
  });
  const series = [...columns].map(([name, values]) => columnSeries(name, values, opts));
  if (lines) series.push(pl.Series('__line', lineCol, pl.Int64));
  return series.length ? pl.DataFrame(series) : pl.DataFrame({});
}
