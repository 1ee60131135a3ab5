import pl, { type DataFrame, type DataType, type LazyDataFrame } from 'nodejs-polars';

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
  let dtypes: DataType[] | undefined;
  try {
    dtypes = empty.dtypes;
  } catch {
    // A Binary column (BLOB, UUID, bytes without a UTF-8 annotation), alone or nested: nodejs-polars
    // cannot hand its dtype to JavaScript. The frame itself is fine (polars writes Binary as it read
    // it), so such columns are named one by one, below.
  }
  const out: Columns = {};
  names.forEach((name, i) => (out[name] = dtypes ? dtypeName(dtypes[i]!) : columnDtypeName(empty.select(pl.col(name)))));
  return out;
}

/**
 * The dtype name of an empty frame's only column, in `dtypeName`'s form, also for types that
 * nodejs-polars cannot convert to JavaScript: `Binary`, and lists and structs holding it (named by
 * exploding or unnesting the empty column, then naming the parts).
 */
function columnDtypeName(single: DataFrame): string {
  const name = single.columns[0]!;
  try {
    return dtypeName(single.getColumn(name).dtype);
  } catch {
    // polars' printed header names the type: `binary`, `list[binary]`, `struct[2]`, `array[binary, 4]`.
    const printed = single.toString().split('\n')[4]?.replace(/[│\s]/g, '') ?? '';
    if (printed === 'binary') return 'Binary';
    if (printed.startsWith('list[')) return `List(${columnDtypeName(single.select(pl.col(name).explode()))})`;
    if (printed.startsWith('struct[')) {
      const fields = single.unnest(name);
      const parts = fields.columns.map((f) => `Field(${JSON.stringify(f)}, ${columnDtypeName(fields.select(pl.col(f)))})`);
      return `Struct(${parts.join(',')})`;
    }
    return `polars:${printed}`;
  }
}
