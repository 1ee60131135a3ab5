import pl, { type DataType, type Expr, type LazyDataFrame } from 'nodejs-polars';

/** A column whose proposed type was dropped, and why. */
export interface TypeFallback {
  column: string;
  proposed: string;
  misfits: number;
  /** Of the misfits, the numbers that a float64 would hold with other digits (Float64 only). */
  lossy?: number;
}

/** A number's significant digits as text: no sign, point, exponent, leading or trailing zeros. */
const significantDigits = (text: Expr): Expr =>
  text.str.replaceAll('[eE].*$', '').str.replaceAll('[^0-9]', '').str.replaceAll('^0+', '').str.replaceAll('0+$', '');

/**
 * Whether a text value parsed as float64 keeps its digits: the float's shortest form (as polars
 * writes it) has the same significant digits as the text, so only formatting may differ (`1.50`,
 * `1e10`, `.5`). `0.1000000000000000055511151231257827`, `123456789012345678901.5` or
 * `9007199254740993` would come back with other digits (a float64 holds 15 to 17), `1e400` as
 * infinity, `1e-400` as 0. Equal digits cannot hide another exponent: the float is the nearest
 * one to the text, never off by a factor of ten. `NaN` and `inf` have no digits either side.
 */
const keepsDigits = (text: Expr, float: Expr): Expr => significantDigits(text).eq(significantDigits(float.cast(pl.Utf8)));

/**
 * A float written as integers must be to convert: no `+` sign and no leading zeros (`007.5`, `+1.5`
 * would come back as 7.5 and 1.5, losing the text as written); `0.5` and `-0.5` are fine.
 */
const canonicalFloat = (text: Expr): Expr => text.str.contains('^(\\+|-?0[0-9])').not();

const isFloat64 = (dtype: DataType): boolean => String(dtype).includes('Float64');

/** How many values of a text column parse as float64 but would come back with other digits. */
function lossyFloats(column: string): Expr {
  const float = pl.col(column).cast(pl.Float64, false);
  return float
    .isNotNull()
    .and(keepsDigits(pl.col(column), float).not())
    .sum();
}

/**
 * The conversion of a text column to a proposed type, giving null where a value does not fit, or
 * null when the type is not one this policy converts (the column then stays text).
 */
function conversion(column: string, dtype: DataType): Expr | null {
  const c = pl.col(column);
  const name = String(dtype);
  if (name.includes('Int64')) {
    // Only canonical integers: "007", "+5" or "-0" would come back as 7, 5 and 0, losing the text as
    // written (postal codes, ids), so such a column stays text.
    return pl.when(c.str.contains('^(0|-?[1-9][0-9]*)$')).then(c.cast(pl.Int64, false)).otherwise(pl.lit(null));
  }
  if (isFloat64(dtype)) {
    const float = c.cast(pl.Float64, false);
    return pl
      .when(canonicalFloat(c).and(keepsDigits(c, float)))
      .then(float)
      .otherwise(pl.lit(null));
  }
  if (name.includes('Bool')) {
    const lower = c.str.toLowerCase();
    return pl
      .when(lower.eq(pl.lit('true')))
      .then(pl.lit(true))
      .when(lower.eq(pl.lit('false')))
      .then(pl.lit(false))
      .otherwise(pl.lit(null));
  }
  return null;
}

/**
 * Types text columns without ever losing a value. polars proposes a type per column from the first
 * `proposals` rows; then one streaming pass over the whole file counts, per column, the values
 * that are not null as text but would be null after conversion (a float that would not keep its
 * digits is such a value). Only columns with none are
 * converted; the others stay text and are reported. (polars' own typed read would instead fail
 * the file at the first misfit past the sample, or null it with ignoreErrors.)
 */
export async function applyTypes(
  text: LazyDataFrame,
  proposals: Record<string, DataType>,
): Promise<{ frame: LazyDataFrame; typed: Record<string, string>; fallbacks: TypeFallback[] }> {
  const candidates = Object.entries(proposals)
    .map(([column, dtype]) => ({ column, dtype, expr: conversion(column, dtype) }))
    .filter((c): c is { column: string; dtype: DataType; expr: Expr } => c.expr !== null);
  if (candidates.length === 0) return { frame: text, typed: {}, fallbacks: [] };

  const misfitCounts = await text
    .select(
      ...candidates.map((c, i) => c.expr.isNull().and(pl.col(c.column).isNotNull()).sum().alias(`m${i}`)),
      ...candidates.flatMap((c, i) => (isFloat64(c.dtype) ? [lossyFloats(c.column).alias(`l${i}`)] : [])),
    )
    .collect({ streaming: true });
  const counts = misfitCounts.toRecords()[0] as Record<string, number | bigint>;

  const typed: Record<string, string> = {};
  const fallbacks: TypeFallback[] = [];
  const exprs: Expr[] = [];
  candidates.forEach((c, i) => {
    const misfits = Number(counts[`m${i}`] ?? 0);
    if (misfits === 0) {
      exprs.push(c.expr.alias(c.column));
      typed[c.column] = String(c.dtype).replace(/^DataType\((.*)\)$/, '$1');
    } else {
      const lossy = Number(counts[`l${i}`] ?? 0);
      fallbacks.push({ column: c.column, proposed: String(c.dtype).replace(/^DataType\((.*)\)$/, '$1'), misfits, ...(lossy ? { lossy } : {}) });
    }
  });
  return { frame: exprs.length ? text.withColumns(...exprs) : text, typed, fallbacks };
}
