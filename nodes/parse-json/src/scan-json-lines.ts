import pl from 'nodejs-polars';
import type { ExprCache } from './expr-cache.ts';
import { shapeLazy } from './shape-frame.ts';
import type { Shaped } from './shape-frame.ts';
import type { ShapeOptions } from './shape-options.ts';

/**
 * A large JSON Lines file as a lazy scan, so that the sink streams it: reading a 538 MB file of
 * nested records into memory took ~4.9 GB here (the buffer, then polars' frame), the lazy scan into
 * Parquet ~0.8 GB. The schema is inferred over the whole file first (`inferSchemaLength: null`), a
 * pass that parses every line, so a malformed line is found here: then this returns null and the
 * caller takes the in-memory path, which applies the bad-line policy. A file whose kinds polars
 * would merge or cannot unify (an object in one line, a string in another) must not come here:
 * the caller's kind census (`censusFile`) sends it the in-memory way, so that it lands in the same
 * shape as a small file (this scan would make one JSON-text column of it, or fail in the sink).
 */
export function scanJsonLines(path: string, opts: ShapeOptions, cache: ExprCache): Shaped | null {
  let scan: pl.LazyDataFrame;
  let empty: pl.DataFrame;
  try {
    scan = pl.scanJson(path, { inferSchemaLength: null });
    empty = scan.limit(0).collectSync();
  } catch {
    return null;
  }
  return shapeLazy(scan, empty.columns, empty.dtypes, opts, cache);
}
