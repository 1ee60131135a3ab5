import { createRequire } from 'node:module';
import type { DataType, Expr } from 'nodejs-polars';

// nodejs-polars' native binding: the same object its own `pl.lit` calls. Pinned with nodejs-polars
// (0.25.2) in this package; literal-column.test.ts fails if a new version moves or changes it.
const native = createRequire(import.meta.url)('nodejs-polars/bin/internals/polars_internal.js').default as {
  lit(value: unknown): NativeExpr;
};

interface NativeExpr {
  alias(name: string): NativeExpr;
  cast(dtype: DataType, strict: boolean): NativeExpr;
}

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
  return { _expr: expr.alias(name), [Symbol.toStringTag]: () => 'Expr' } as unknown as Expr;
}
