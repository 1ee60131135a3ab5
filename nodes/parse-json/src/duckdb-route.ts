import { isUtf8 } from 'node:buffer';
import { type DuckdbPlan, duckdbPlan } from './duckdb-plan.ts';
import { detectJsonFormat, firstContentByte } from './json-format.ts';
import { KindCensus } from './kind-census.ts';
import { linesAsArray } from './lines-as-array.ts';
import { DETECT_BYTES, type ParseJsonOptions } from './parse-json-bytes.ts';

/** The column naming each row's file in a table of files read together; a file holding it is read alone. */
export const FILE_COLUMN = '__sluice_read_together_file';

/**
 * How DuckDB may read a file so that it lands exactly what `parseJsonBytes` lands, with the file's
 * records (rows), or null when it may not: only a JSON Lines file that `parseJsonBytes` would give to
 * polars (valid UTF-8, no byte order mark, every line one object, kinds polars lands unchanged) and
 * whose census shows nothing DuckDB spells otherwise (`duckdbPlan`). Every other file, and a file
 * with `badLines: rescue` (its `_rescued_data` column), is read by `parseJsonBytes`.
 */
export function duckdbRoute(bytes: Buffer, name: string, opts: ParseJsonOptions): { plan: DuckdbPlan; records: number } | null {
  if (opts.badLines === 'rescue') return null;
  const start = firstContentByte(bytes);
  // DuckDB refuses a byte order mark, which parse-json skips.
  if (start < 0 || bytes[0] === 0xef) return null;
  const buf = bytes.subarray(start);
  if (detectJsonFormat(buf.subarray(0, DETECT_BYTES), name, opts.format) !== 'jsonl' || !isUtf8(buf)) return null;
  const array = linesAsArray(buf);
  if (!array) return null;
  const census = new KindCensus(opts);
  census.scan(array);
  const plan = duckdbPlan(census, opts);
  if ('refused' in plan || plan.names.includes(FILE_COLUMN)) return null;
  return { plan, records: census.records };
}
