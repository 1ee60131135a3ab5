import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { duckdbRead, sqlString } from './duckdb-read.ts';

/** One Parquet file written by DuckDB: an `id` and one column `v_<case>` of the type under test. */
export interface ParquetCase {
  name: string;
  bytes: Buffer;
  options: Record<string, unknown>;
}

/**
 * The column types under test with values at their edges (minimum, maximum, zero, NaN and
 * infinities, empty strings and nulls). Physical types: INT32/INT64 (and their unsigned and
 * DECIMAL annotations), FIXED_LEN_BYTE_ARRAY (wide DECIMAL, UUID), BYTE_ARRAY (strings, BLOB,
 * JSON, ENUM), BOOLEAN, FLOAT, DOUBLE; logical: DATE, TIME, TIMESTAMP in s/ms/us/ns, with and
 * without a time zone; nested: LIST, STRUCT, MAP. Each column's name is unique to its case, so all
 * cases land in one table (a column name keeps one type there).
 */
const TYPES: Record<string, string[]> = {
  // INTERVAL has its own test in a child process (parquet-interval.differential.test.ts): nodejs-polars
  // 0.25.2 aborted the process on it.
  tinyint: ['-128', '127', '0', 'NULL'],
  smallint: ['-32768', '32767', 'NULL'],
  integer: ['-2147483648', '2147483647', 'NULL'],
  bigint: ['-9223372036854775808', '9223372036854775807', '0', 'NULL'],
  utinyint: ['0', '255', 'NULL'],
  usmallint: ['0', '65535', 'NULL'],
  uinteger: ['0', '4294967295', 'NULL'],
  ubigint: ['0', '18446744073709551615', 'NULL'],
  float: ["'NaN'", "'inf'", "'-inf'", '-0.0', '3.4028235e38', '1.4e-45', 'NULL'],
  double: ["'NaN'", "'inf'", "'-inf'", '-0.0', '1.7976931348623157e308', '5e-324', '0.1', 'NULL'],
  'decimal(4,2)': ['-99.99', '99.99', '0.01', 'NULL'],
  'decimal(18,3)': ['-999999999999999.999', '123456789012345.678', 'NULL'],
  'decimal(38,10)': ['-9999999999999999999999999999.9999999999', '1234567890123456789012345678.0123456789', 'NULL'],
  boolean: ['true', 'false', 'NULL'],
  varchar: ["''", "'plain'", "'nul' || chr(0) || 'inside'", "'日本語 😀'", "' spaced '", "'line\nbreak'", "'NULL'", 'NULL'],
  blob: ["'\\x00\\xFF\\xC3abc'", "''", 'NULL'],
  uuid: ["'6f1c2a8e-0000-4000-8000-00000000ffff'", "'00000000-0000-0000-0000-000000000000'", 'NULL'],
  json: ['\'{"a": [1, 2.5, "x"]}\'', "'[]'", 'NULL'],
  date: ["'1970-01-01'", "'2024-02-29'", "'1900-01-01'", "'9999-12-31'", 'NULL'],
  time: ["'00:00:00'", "'23:59:59.999999'", "'12:34:56.789'", 'NULL'],
  timestamp_s: ["'2024-01-01 01:02:03'", "'1900-01-01 00:00:00'", 'NULL'],
  timestamp_ms: ["'2024-01-01 01:02:03.456'", "'1970-01-01 00:00:00'", 'NULL'],
  timestamp: ["'2024-01-01 01:02:03.456789'", "'2262-04-11 23:47:16'", 'NULL'],
  timestamp_ns: ["'2024-01-01 01:02:03.123456789'", "'1677-09-22 00:00:00'", 'NULL'],
  timestamptz: ["'2024-01-01 01:02:03.456+02'", "'1970-01-01 00:00:00+00'", 'NULL'],
  "enum('a','b','c')": ["'a'", "'c'", 'NULL'],
  'integer[]': ['[1, 2, NULL]', '[]', 'NULL'],
  'varchar[][]': ["[['a'], [], NULL]", "[['']]", 'NULL'],
  'struct(x integer, y varchar)': ["{'x': 1, 'y': 'a'}", "{'x': NULL, 'y': NULL}", 'NULL'],
  'struct(x integer[], s struct(z double))': ["{'x': [1], 's': {'z': 'NaN'}}", 'NULL'],
  'map(varchar, integer)': ["MAP {'k': 1, 'l': NULL}", 'MAP {}', 'NULL'],
  'struct(m map(varchar, integer))': ["{'m': MAP {'k': 1}}", "{'m': MAP {}}"],
  'integer[3]': ['[1, 2, NULL]', 'NULL'],
  'union(i integer, s varchar)': ['1::integer', "'x'", 'NULL'],
  'decimal(9,0)': ['123456789', '-1', 'NULL'],
  timetz: ["'12:34:56+02'", "'00:00:00+00'", 'NULL'],
  hugeint: ['170141183460469231731687303715884105727', '-1', 'NULL'],
};

/** A file and column name from a type: `integer[]` is integer_list, `integer[3]` integer_array_3. */
const caseName = (type: string) =>
  type
    .replace(/\[\]/g, ' list')
    .replace(/\[([0-9]+)\]/g, ' array $1')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** The case file names, one per type under test. */
export const parquetCaseNames = (): string[] => Object.keys(TYPES).map((type) => `${caseName(type)}.parquet`);

/** Writes one Parquet file per type (zstd, DuckDB's writer) into `dir` and returns them as cases. */
export async function parquetCases(dir: string): Promise<ParquetCase[]> {
  const cases: ParquetCase[] = [];
  for (const [type, values] of Object.entries(TYPES)) {
    const name = `${caseName(type)}.parquet`;
    const path = join(dir, name);
    const rows = values.map((v, i) => `(${i + 1}, (${v})::${type})`).join(', ');
    await duckdbRead(`COPY (SELECT * FROM (VALUES ${rows}) t(id, "v_${caseName(type)}")) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
    cases.push({ name, bytes: readFileSync(path), options: {} });
  }
  return cases;
}
