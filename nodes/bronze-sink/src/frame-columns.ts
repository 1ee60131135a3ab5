import type { DataType, LazyDataFrame } from 'nodejs-polars';

/** Column name to dtype name, in order: the form schema versions are stored in. */
export type Columns = Record<string, string>;

/** A polars dtype as a short stable name: `Int64`, `Datetime(ms,UTC)`, `List(Int64)`. */
export function dtypeName(dtype: DataType): string {
  // polars prints `DataType(List(DataType(Int64)))`; drop every `DataType(` and its closing paren.
  const s = String(dtype);
  let out = '';
  const closes: boolean[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith('DataType(', i)) {
      closes.push(false);
      i += 'DataType('.length - 1;
    } else if (s[i] === '(') {
      closes.push(true);
      out += '(';
    } else if (s[i] === ')') {
      if (closes.pop()) out += ')';
    } else out += s[i];
  }
  return out;
}

/**
 * The columns a lazy frame will have, without reading its rows: `limit(0)` lets polars resolve the
 * schema (for CSV, from the sampled head) and return an empty frame.
 */
export async function frameColumns(frame: LazyDataFrame): Promise<Columns> {
  const empty = await frame.clone().limit(0).collect();
  // `columns` and `dtypes` rather than `schema`: nodejs-polars builds `schema` through a slow path
  // (about 4 ms a call here, against under 0.1 ms), which adds up over many small files.
  const names = empty.columns;
  const dtypes = empty.dtypes;
  const out: Columns = {};
  names.forEach((name, i) => (out[name] = dtypeName(dtypes[i]!)));
  return out;
}
