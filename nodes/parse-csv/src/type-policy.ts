import pl, { type DataType, type Expr, type LazyDataFrame } from 'nodejs-polars';

/** A column whose proposed type was dropped, and why. */
export interface TypeFallback {
  column: string;
  proposed: string;
  misfits: number;
}

/**
 * The conversion of a text column to a proposed type, giving null where a value does not fit, or
 * null when the type is not one this policy converts (the column then stays text).
 */
function conversion(column: string, dtype: DataType): Expr | null {
  const c = pl.col(column);
  const name = String(dtype);
  if (name.includes('Int64')) {
    // Only canonical integers: "007" or "+5" would come back as 7 and 5, losing the text as written
    // (postal codes, ids), so such a column stays text.
    return pl.when(c.str.contains('^-?(0|[1-9][0-9]*)$')).then(c.cast(pl.Int64, false)).otherwise(pl.lit(null));
  }
  if (name.includes('Float64')) return c.cast(pl.Float64, false);
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
 * that are not null as text but would be null after conversion. Only columns with none are
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
    .select(...candidates.map((c) => c.expr.isNull().and(pl.col(c.column).isNotNull()).sum().alias(c.column)))
    .collect({ streaming: true });
  const counts = misfitCounts.toRecords()[0] as Record<string, number | bigint>;

  const typed: Record<string, string> = {};
  const fallbacks: TypeFallback[] = [];
  const exprs: Expr[] = [];
  for (const c of candidates) {
    const misfits = Number(counts[c.column] ?? 0);
    if (misfits === 0) {
      exprs.push(c.expr.alias(c.column));
      typed[c.column] = String(c.dtype).replace(/^DataType\((.*)\)$/, '$1');
    } else {
      fallbacks.push({ column: c.column, proposed: String(c.dtype).replace(/^DataType\((.*)\)$/, '$1'), misfits });
    }
  }
  return { frame: exprs.length ? text.withColumns(...exprs) : text, typed, fallbacks };
}
