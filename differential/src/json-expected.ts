import type { ExpectedTable } from './compare-tables.ts';
import { duckdbRead, type ReadTable, sqlString } from './duckdb-read.ts';
import type { AppliedDifferences } from './intended-differences.ts';
import { DOUBLE_DIGITS, significantDigits } from './significant-digits.ts';

/** A JSON number as written in the file (JSON.parse's source text), so no digit is lost to a double. */
export class JsonNumber {
  constructor(readonly source: string) {}
}

/** JSON.parse keeping every number's source text. */
export const parseKeepingNumbers = (text: string): unknown =>
  JSON.parse(text, (_key, value, context?: { source?: string }) => (typeof value === 'number' ? new JsonNumber(context?.source ?? String(value)) : value));

/** The records of a JSON document (an array of objects, or one object) or of JSON Lines. */
export function jsonRecords(name: string, bytes: Buffer): Record<string, unknown>[] {
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  if (name.endsWith('.jsonl'))
    return text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => parseKeepingNumbers(line) as Record<string, unknown>);
  const doc = parseKeepingNumbers(text);
  return (Array.isArray(doc) ? doc : [doc]) as Record<string, unknown>[];
}

/** A leaf of a flattened record: JSON text cells (arrays, objects past the depth) keep their parsed value. */
export type JsonLeaf = null | string | boolean | JsonNumber | { json: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);

/** The paths (joined names) that hold an object with keys in some record: a null or {} there has no column of its own. */
export function objectPaths(records: Record<string, unknown>[], maxDepth = 10, separator = '_'): Set<string> {
  const paths = new Set<string>();
  const walk = (value: unknown, name: string, depth: number) => {
    if (!isObject(value) || depth >= maxDepth || !Object.keys(value).length) return;
    paths.add(name);
    for (const [k, v] of Object.entries(value)) walk(v, `${name}${separator}${k}`, depth + 1);
  };
  for (const r of records) for (const [k, v] of Object.entries(r)) walk(v, k, 0);
  return paths;
}

/**
 * parse-json's flattening (its README): objects into parent_child columns up to maxDepth levels,
 * arrays and deeper objects as JSON text; a null or empty object where other records have an object
 * leaves that object's columns null.
 */
export function flattenRecord(record: Record<string, unknown>, objects: Set<string>, maxDepth = 10, separator = '_'): [string, JsonLeaf][] {
  const out: [string, JsonLeaf][] = [];
  const walk = (value: unknown, name: string, depth: number) => {
    if (isObject(value) && depth < maxDepth && Object.keys(value).length) {
      for (const [k, v] of Object.entries(value)) walk(v, `${name}${separator}${k}`, depth + 1);
    } else if (objects.has(name) && (value === null || isObject(value))) return;
    else if (Array.isArray(value) || isObject(value)) out.push([name, { json: value }]);
    else out.push([name, value as JsonLeaf]);
  };
  for (const [k, v] of Object.entries(record)) walk(v, k, 0);
  return out;
}

const INTEGER = /^-?[0-9]+$/;

/**
 * How a reference holds numbers: `exact` keeps each number's source text (JSON.parse with source
 * access); `double` is DuckDB's read_json, which reads a non-integer number as a DOUBLE, so digits
 * past a double's 17 are not in the reference (duckdb-double).
 */
export type NumberReading = 'exact' | 'double';

/**
 * Compares landed text cells with a reference's leaves (json-number-text): an integer digit for
 * digit; another number either exactly as written, or as the same double printed with at most 17
 * significant digits (polars' spelling: `1e2` lands `100.0`). A reference that reads doubles is
 * given the landed number when both are the same double, noted by `onDouble`.
 */
function leafMatcher(reading: NumberReading, onDouble: () => void) {
  const sameNumber = (landed: unknown, n: JsonNumber): boolean => {
    if (typeof landed !== 'string' && typeof landed !== 'number') return false;
    const text = String(landed);
    if (INTEGER.test(n.source)) return text === n.source;
    if (text === n.source) return true;
    if (!Object.is(Number(text), Number(n.source)) || significantDigits(n.source) > DOUBLE_DIGITS) return false;
    if (significantDigits(text) <= DOUBLE_DIGITS) return true;
    // More digits landed than a double holds: the file's own digits (checked against JSON.parse),
    // which DuckDB's double cannot show.
    if (reading !== 'double') return false;
    onDouble();
    return true;
  };
  const sameJson = (landed: unknown, source: unknown): boolean => {
    if (source instanceof JsonNumber) return landed instanceof JsonNumber ? sameNumber(landed.source, source) : false;
    if (Array.isArray(source)) return Array.isArray(landed) && landed.length === source.length && source.every((v, i) => sameJson(landed[i], v));
    if (isObject(source)) {
      if (!isObject(landed)) return false;
      const keys = Object.keys(source);
      return keys.length === Object.keys(landed).length && keys.every((k) => k in landed && sameJson(landed[k], source[k]));
    }
    return landed === source;
  };
  /** Whether a landed text cell holds the source leaf, by the intended differences text-by-default, json-number-text and json-flattened. */
  return (landed: unknown, leaf: unknown): boolean => {
    if (leaf === null || leaf === undefined) return landed === null;
    if (typeof leaf === 'string') return landed === leaf;
    if (typeof leaf === 'boolean') return landed === String(leaf);
    if (leaf instanceof JsonNumber) return sameNumber(landed, leaf);
    if (typeof landed !== 'string') return false;
    try {
      return sameJson(parseKeepingNumbers(landed), (leaf as { json: unknown }).json);
    } catch {
      return false;
    }
  };
}

/**
 * What Bronze should hold for a JSON file, from JSON.parse: the flattened records, every column
 * text, columns in the landed order when the landed names are the expected ones (json-column-order).
 */
export function jsonExpected(
  name: string,
  records: Record<string, unknown>[],
  landed: ReadTable | undefined,
  applied: AppliedDifferences,
  reading: NumberReading = 'exact',
): ExpectedTable {
  const sameLeaf = leafMatcher(reading, () => applied.record('duckdb-double', name));
  const objects = objectPaths(records);
  const flat = records.map((r) => new Map(flattenRecord(r, objects)));
  const names: string[] = [];
  for (const row of flat) for (const k of row.keys()) if (!names.includes(k)) names.push(k);
  const landedNames = landed?.columns.map((c) => c.name) ?? [];
  let order = names;
  if (landedNames.length === names.length && landedNames.every((n) => names.includes(n))) {
    if (landedNames.join('\u0000') !== names.join('\u0000')) applied.record('json-column-order', name);
    order = landedNames;
  }
  applied.record('text-by-default', name);
  applied.record('json-flattened', name);
  applied.record('json-number-text', name);
  return {
    columns: order.map((n) => ({ name: n, type: 'VARCHAR' })),
    rows: flat.map((row) => order.map((n) => row.get(n) ?? null)),
    same: Object.fromEntries(order.map((n) => [n, sameLeaf])),
  };
}

/** DuckDB's reading of a JSON file (read_json, formats and types detected), each row written back as JSON text by to_json and parsed keeping numbers. */
export async function duckdbJsonRecords(path: string): Promise<Record<string, unknown>[]> {
  const read = await duckdbRead(`SELECT to_json(t)::VARCHAR FROM read_json(${sqlString(path)}, format = 'auto', maximum_depth = -1) t`);
  return read.rows.map((r) => parseKeepingNumbers(String(r[0])) as Record<string, unknown>);
}

/**
 * DuckDB names a key without a name `C<n>` (duckdb-empty-name): where the file has an empty key and
 * no key of that name, the DuckDB record's `C<n>` is the empty key.
 */
export function restoreEmptyKey(
  duck: Record<string, unknown>[],
  parsed: Record<string, unknown>[],
  name: string,
  applied: AppliedDifferences,
): Record<string, unknown>[] {
  const parsedKeys = new Set(parsed.flatMap((r) => Object.keys(r)));
  if (!parsedKeys.has('')) return duck;
  return duck.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => {
        if (!/^C[0-9]+$/.test(k) || parsedKeys.has(k)) return [k, v];
        applied.record('duckdb-empty-name', name);
        return ['', v];
      }),
    ),
  );
}

/**
 * DuckDB infers one struct for the objects of a field, so every object it reads back has every key,
 * null where the file has no such key (duckdb-struct-keys). Those nulls are dropped where the file
 * (JSON.parse's record of the same row) has no key; a null written in the file stays.
 */
export function dropInferredKeys(
  duck: Record<string, unknown>[],
  parsed: Record<string, unknown>[],
  name: string,
  applied: AppliedDifferences,
): Record<string, unknown>[] {
  const drop = (d: unknown, p: unknown): unknown => {
    if (Array.isArray(d) && Array.isArray(p)) return d.map((v, i) => drop(v, p[i]));
    if (!isObject(d) || !isObject(p)) return d;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(d)) {
      if (v === null && !(k in p)) applied.record('duckdb-struct-keys', name);
      else out[k] = drop(v, p[k]);
    }
    return out;
  };
  return duck.map((r, i) => drop(r, parsed[i]) as Record<string, unknown>);
}
