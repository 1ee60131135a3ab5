import type { DataFrame, DataType, Expr, LazyDataFrame } from 'nodejs-polars';
import { asExpr, native } from './native-expr.ts';

export type LiteralValue = string | number | boolean | Date | null;

/**
 * `pl.lit(value).cast(dtype).alias(name)` for the columns a node adds to every row of a file
 * (`_source_file`, `_ingested_at`, ...), built on the native expression without nodejs-polars'
 * JavaScript wrapper objects. Each wrapper is an object literal of some 160 closures: creating one
 * costs ~0.4 ms of CPU and ~130 KB of garbage (measured on this machine; BENCHMARKS.md), and the
 * public chain creates three per column, which made the audit columns the largest per-file cost of
 * landing many small files. The result is only meant to be passed to `withColumns` / `select`,
 * which accept any object carrying the native `_expr` and the `Expr` tag; it has no methods.
 */
export function literalColumn(name: string, value: LiteralValue, dtype?: DataType): Expr {
  let expr = native.lit(value);
  if (dtype) expr = expr.cast(dtype, false);
  return asExpr(expr.alias(name));
}

export interface Literal {
  name: string;
  value: LiteralValue;
  dtype?: DataType;
}

export interface LiteralColumnsOptions {
  /** Put the literal columns first (in the given order), before the frame's own. */
  first?: boolean;
  /** The frame's columns when the caller already knows them: a lazy frame's are not resolved again. */
  columns?: readonly string[];
}

/**
 * Adds literal columns (`_sheet`, `_source_file`, ...) to every row of a frame, and to no row that
 * is not there. Every node that adds a literal column to a frame goes through here, because polars
 * broadcasts a literal to one row when it has nothing to broadcast against:
 * `pl.DataFrame({}).withColumns(pl.lit('x'))` has one row, and so has `select(pl.lit('x'))` on a
 * frame of no rows. A frame without columns holds no values, so it has no rows here: the result has
 * the literal columns, typed, and height 0. A frame with columns keeps its height, zero included.
 * A column of the same name as a literal is replaced (in place, unless `first`).
 */
export function withLiteralColumns(frame: DataFrame, literals: readonly Literal[], options?: LiteralColumnsOptions): DataFrame;
export function withLiteralColumns(frame: LazyDataFrame, literals: readonly Literal[], options?: LiteralColumnsOptions): LazyDataFrame;
export function withLiteralColumns(
  frame: DataFrame | LazyDataFrame,
  literals: readonly Literal[],
  options: LiteralColumnsOptions = {},
): DataFrame | LazyDataFrame {
  const own = options.columns ?? frame.columns;
  const exprs = literals.map((l) => literalColumn(l.name, l.value, l.dtype));
  // Both frame kinds have withColumns/select/limit(0) with the same meaning; one code path for both.
  let out = (frame as DataFrame).withColumns(...exprs);
  if (options.first) {
    const names = literals.map((l) => l.name);
    out = out.select(...names, ...own.filter((c) => !names.includes(c)));
  }
  return own.length ? out : out.limit(0);
}
