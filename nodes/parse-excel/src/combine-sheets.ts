import { withLiteralColumns } from '@sluice/sdk/polars';
import pl from 'nodejs-polars';
import type { DataFrame, DataType, Expr } from 'nodejs-polars';
import type { SheetResult } from './sheet-result.ts';

export const SHEET_COLUMN = '_sheet';

/**
 * All sheets as one frame with a `_sheet` column first. Sheets may differ in columns (missing
 * ones are null) and in types: a column that is a number in one sheet and text in another becomes
 * text in all, so that no value is lost. A sheet's column without a value (a header-only sheet,
 * empty cells) has no type of its own and takes the other sheets' type.
 */
export function combineSheets(sheets: SheetResult[]): DataFrame {
  const types = new Map<string, Set<string>>();
  const typed = new Map<string, DataType>();
  // `columns` + `dtypes`, not `schema`: the schema getter costs ~12 ms per call in nodejs-polars 0.25.2.
  for (const { frame } of sheets) {
    const dtypes = frame.dtypes;
    for (const [i, name] of frame.columns.entries()) {
      if (frame.getColumn(name).nullCount() === frame.height) continue;
      const t = dtypes[i]!;
      const set = types.get(name) ?? new Set<string>();
      set.add(String(t));
      types.set(name, set);
      typed.set(name, t);
    }
  }
  const mixed = new Set([...types].filter(([, s]) => s.size > 1).map(([n]) => n));
  const column = (name: string, type: DataType): Expr => {
    if (mixed.has(name)) return asText(name, type);
    const wanted = typed.get(name);
    return wanted && String(wanted) !== String(type) ? pl.col(name).cast(wanted) : pl.col(name);
  };
  const frames = sheets.map(({ name, frame }) => {
    const dtypes = frame.dtypes;
    const columns = frame.columns;
    // Not replaced in silence: the sheet's own values would be lost.
    if (columns.includes(SHEET_COLUMN)) throw new Error(`sheet "${name}" has a column named "${SHEET_COLUMN}", the column that all-sheets mode adds`);
    const cols = columns.map((c, i) => column(c, dtypes[i]!));
    // withLiteralColumns: a sheet without columns gets no invented row.
    return withLiteralColumns(frame.select(...cols), [{ name: SHEET_COLUMN, value: name }], { first: true, columns });
  });
  return frames.length === 1 ? frames[0]! : pl.concat(frames, { how: 'diagonal' });
}

/**
 * A column as text written the way a single sheet's mixed column writes it: whole numbers without
 * `.0` (as Excel shows them), timestamps as `YYYY-MM-DD HH:MM:SS`.
 */
function asText(name: string, type: DataType): Expr {
  const col = pl.col(name);
  if (type.variant === 'Float64') {
    const whole = col
      .abs()
      .lt(2 ** 53)
      .and(col.eq(col.floor()));
    return pl.when(whole).then(col.cast(pl.Int64).cast(pl.Utf8)).otherwise(col.cast(pl.Utf8)).alias(name);
  }
  if (type.variant === 'Datetime') return col.dt.strftime('%Y-%m-%d %H:%M:%S').alias(name);
  return col.cast(pl.Utf8).alias(name);
}
