import { createRequire } from 'node:module';
import type { DataType, Expr } from 'nodejs-polars';

// nodejs-polars' native binding: the same object its own `pl.lit` and `pl.col` call. Pinned with
// nodejs-polars in this package; the tests beside each user of it fail if a new version moves or
// changes it.
export const native = createRequire(import.meta.url)('nodejs-polars/bin/internals/polars_internal.js').default as {
  lit(value: unknown): NativeExpr;
  col(name: string): NativeExpr;
  JsSeries: {
    newOptStr(name: string, values: readonly (string | null)[]): NativeSeries;
    newOptDate(name: string, values: readonly (Date | null)[]): NativeSeries;
  };
};

export interface NativeSeries {
  cast(dtype: DataType, strict: boolean): NativeSeries;
}

export interface NativeExpr {
  alias(name: string): NativeExpr;
  cast(dtype: DataType, strict: boolean): NativeExpr;
  isIn(other: NativeExpr, nullsEqual: boolean): NativeExpr;
  replaceStrict(old: NativeExpr, replacement: NativeExpr, otherwise: NativeExpr | undefined, returnDtype: DataType | undefined): NativeExpr;
}

/** A native expression as the public API takes it (`withColumns`, `select`, `filter`): the `Expr` tag and `_expr`, no methods. */
export const asExpr = (expr: NativeExpr): Expr => ({ _expr: expr, [Symbol.toStringTag]: () => 'Expr' }) as unknown as Expr;

/**
 * `pl.col(name)` without its JavaScript wrapper: in nodejs-polars 0.26.1 every public `Expr` is an
 * object of some 160 closures, about 2 CPU ms to create here (BENCHMARKS.md), more than a small
 * file's whole read. For the hot paths of many small files; anywhere else, use the public API.
 */
export const col = (name: string): Expr => asExpr(native.col(name));
