import type { DataType, Expr } from 'nodejs-polars';
import { asExpr, type NativeSeries, native } from './native-expr.ts';

const texts = (name: string, values: readonly (string | null)[]): NativeSeries => native.JsSeries.newOptStr(name, values);

/**
 * `pl.col(keyColumn).replaceStrict(keys, pl.lit(pl.Series(values).cast(dtype))).alias(name)`: a
 * column whose every row takes the value given for its key (a key not among `keys` fails the query),
 * built on the native expressions and series without nodejs-polars' JavaScript wrapper objects (see
 * literalColumn): the public chain creates eight of them, which cost more than the lookup itself on
 * a batch of small files. `values` are text, or dates (`Datetime(ms)` unless `dtype` says otherwise).
 */
export function lookupColumn(
  name: string,
  keyColumn: string,
  keys: readonly string[],
  values: readonly (string | null)[] | readonly Date[],
  dtype?: DataType,
): Expr {
  const dates = values.some((v) => v instanceof Date);
  let series = dates ? native.JsSeries.newOptDate(name, values as Date[]) : texts(name, values as string[]);
  if (dtype) series = series.cast(dtype, true);
  return asExpr(
    native
      .col(keyColumn)
      .replaceStrict(native.lit(texts(keyColumn, keys)), native.lit(series), undefined, undefined)
      .alias(name),
  );
}

/** `pl.col(column).isIn(values)` for text values, to `filter` with, without wrapper objects (as lookupColumn). */
export function columnIn(column: string, values: readonly string[]): Expr {
  return asExpr(native.col(column).isIn(native.lit(texts(column, values)), false));
}
