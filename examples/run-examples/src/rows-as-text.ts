import pl from 'nodejs-polars';

/**
 * A frame's rows with every value as polars writes it as text (null stays null), in `columns` order:
 * what `tableChecksum` hashes. A generator of typed data (Parquet, Excel) builds its expected rows
 * through this too, so a date or a float is compared as the same text the Bronze read-back gives.
 */
export function rowsAsText(frame: pl.DataFrame, columns: readonly string[]): (string | null)[][] {
  return frame.select(...columns.map((c) => pl.col(c).cast(pl.String))).rows() as (string | null)[][];
}
