import { KIND, type KindCensus, type Place } from './kind-census.ts';
import type { ShapeOptions } from './shape-options.ts';

/**
 * How DuckDB's `read_json` reads a JSON Lines file so that it lands exactly what parse-json's polars
 * way lands: the structure (from the census, so DuckDB infers nothing), every leaf VARCHAR, and the
 * flattened columns in the order polars gives them.
 */
export interface DuckdbPlan {
  /**
   * The `columns` argument of `read_json`, bound as a STRUCT value (`$columns`): each record key and
   * its DuckDB type, as text (`VARCHAR`, or `STRUCT("key" TYPE, ...)` with its keys quoted by `ident`).
   */
  columns: [key: string, type: string][];
  /**
   * SELECT items: each landed column, flattened out of its STRUCTs, under its landed name. A key
   * taken out of a STRUCT is a parameter, `$f0`, `$f1`, ..., bound to `fields[0]`, `fields[1]`, ...
   */
  select: string[];
  /** The values of the SELECT's parameters `$f<i>`: keys of the objects flattened. */
  fields: string[];
  /** The landed columns' names, in order; files with equal plans are read in one call. */
  names: string[];
}

/** Names parse-json itself puts beside the data. */
const TAKEN = new Set(['__line', '_rescued_data']);

/**
 * A name as a quoted DuckDB identifier, for what cannot be a bound parameter: a column of
 * `read_json`, an alias (`AS`), a key in a STRUCT type's text. Every value that can be bound is
 * (paths, keys taken out of STRUCTs, the `columns` argument itself: read-with-duckdb.ts); names are
 * JSON keys, hostile input, and are safe so: DuckDB's SQL scanner (PostgreSQL's) ends a quoted
 * identifier only at a `"` not doubled and gives no other character a meaning inside it (no
 * backslash escapes; a `U&` prefix, which would, never precedes one here), so doubling every `"`
 * keeps any text one identifier. The exception is U+0000, which ends SQL text passed through
 * DuckDB's C API: a key holding it is refused (`refusal`). read-with-duckdb.test.ts reads keys of
 * every kind of hostile text through it.
 */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Why DuckDB may not read these records as polars lands them, or null when it may. Measured by the
 * differential test (differential/src/duckdb-json.differential.test.ts); each rule is a difference
 * it found, and a file any rule refuses keeps the polars (or JavaScript) way:
 *
 * - DuckDB's JSON reader takes `NaN`, `Infinity` and trailing commas, which polars and JSON.parse refuse;
 * - polars writes integers as floats where a place holds both (`1` -> `1.0`), DuckDB as written;
 * - DuckDB spells a double below 0.0001 with a two-digit exponent (`1e-05` for polars' `0.00001`)
 *   and, inside JSON text, one from 10^16 on in full (`100000000000000000000.0` for `1e+20`);
 * - polars writes the keys of an object kept as JSON text in its place's first order, DuckDB as written;
 * - DuckDB reads keys equal but for case as one (a null lands), names an empty key otherwise, and
 *   polars reads an object that never has a key (`{}`) in its own way;
 * - a flattened name that clashes with another column is renamed by polars (`a_b_2`): not planned here;
 * - a key holding U+0000 cannot reach DuckDB whole (`ident`): not planned here.
 */
function refusal(census: KindCensus, opts: ShapeOptions): string | null {
  if (opts.types !== 'strings' || opts.arrays !== 'json') return 'only text values with arrays as JSON text are planned';
  if (census.notJson >= 0) return 'bytes that are not JSON';
  if (census.coerced || census.keyMissingInText) return 'kinds polars would merge';
  if (census.keyOrderInText) return 'keys of an object in JSON text in another order';
  if (!census.records || !census.root.fields?.length) return 'no fields';
  // Names reach DuckDB as C strings (SQL text, STRUCT member names), which end at U+0000.
  const nul = Buffer.of(0);
  const todo: Readonly<Place>[] = [census.root];
  for (let p = todo.pop(); p; p = todo.pop()) {
    const k = p.kinds;
    if (k & KIND.FLOAT && k & (KIND.INT | KIND.WIDE_INT)) return 'integers and floats at one place';
    if (k & KIND.FLOAT_EXPONENT) return 'a float DuckDB spells otherwise';
    if (k & KIND.OBJECT && !p.keys?.length) return 'an object without keys';
    if (p.keys) {
      if (p.keys.some((key) => key.includes(nul))) return 'a key holding U+0000';
      const lower = new Set(p.keys.map((key) => key.toString('utf8').toLowerCase()));
      if (lower.size < p.keys.length || lower.has('')) return 'keys equal but for case, or an empty key';
    }
    if (p.fields) todo.push(...p.fields);
    if (p.element) todo.push(p.element);
  }
  return null;
}

/** The plan for records the census has scanned, or why there is none (`refusal`). */
export function duckdbPlan(census: KindCensus, opts: ShapeOptions): DuckdbPlan | { refused: string } {
  const refused = refusal(census, opts);
  if (refused) return { refused };
  const plan = duckdbStructure(census, opts);
  // polars renames a flattened name that clashes (`uniqueName`); DuckDB would land both under one.
  const lower = new Set(plan.names.map((n) => n.toLowerCase()));
  if (lower.size < plan.names.length || plan.names.some((n) => TAKEN.has(n))) return { refused: 'a column name that clashes' };
  return plan;
}

/**
 * The structure alone, whatever DuckDB would make of the values: objects within `maxDepth` (and not
 * inside an array) as STRUCTs of their keys in the order first seen, flattened into `parent_child`
 * columns, every other value VARCHAR. The differential test reads refused files with it too, to
 * list what DuckDB would land otherwise.
 */
export function duckdbStructure(census: KindCensus, opts: ShapeOptions): DuckdbPlan {
  const names: string[] = [];
  const select: string[] = [];
  const fields: string[] = [];
  const flattened = (p: Readonly<Place>) => (p.kinds & KIND.OBJECT) !== 0 && !p.text && p.depth < opts.maxDepth && (p.keys?.length ?? 0) > 0;
  const typeOf = (p: Readonly<Place>): string =>
    flattened(p) ? `STRUCT(${p.keys!.map((key, i) => `${ident(key.toString('utf8'))} ${typeOf(p.fields![i]!)}`).join(', ')})` : 'VARCHAR';
  const visit = (p: Readonly<Place>, name: string, expr: string) => {
    if (!flattened(p)) {
      names.push(name);
      select.push(`${expr} AS ${ident(name)}`);
      return;
    }
    p.keys!.forEach((key, i) => {
      const k = key.toString('utf8');
      visit(p.fields![i]!, `${name}${opts.separator}${k}`, `struct_extract(${expr}, $f${fields.push(k) - 1})`);
    });
  };
  const root = census.root;
  const keys = (root.keys ?? []).map((k) => k.toString('utf8'));
  keys.forEach((k, i) => visit(root.fields![i]!, k, ident(k)));
  const columns = keys.map((k, i): [string, string] => [k, typeOf(root.fields![i]!)]);
  return { columns, select, fields, names };
}
