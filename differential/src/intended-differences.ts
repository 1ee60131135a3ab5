/**
 * The intended differences between what Bronze holds and an independent reading of the same file:
 * each one is applied explicitly by the comparison of the cases it names, and counted (the suite
 * prints the counts). README.md lists them with the reasons. Anything not listed is a wrong value.
 */
export const INTENDED_DIFFERENCES = {
  'csv-header-row':
    'CSV: the reference reads the header line as a row of text; parse-csv names columns from it (empty cell: column_<position>; repeated name: <name>_duplicated_<n>, n from 0)',
  'text-by-default':
    'CSV and JSON: Bronze lands every value as text; the reference is read as text (DuckDB all_varchar) or its typed value is written as text before comparing',
  'csv-typed-columns':
    'CSV with inferTypes: a column parse-csv typed (Int64, Float64, Boolean) is compared with the text the file holds, converted by the documented rule',
  'decoded-first':
    "CSV in Windows-1252 or UTF-16BE: DuckDB reads the first only with its encodings extension and the second not at all, so the reference is DuckDB over TextDecoder's UTF-8 decoding",
  'json-flattened': 'JSON: nested objects are flattened into parent_child columns (maxDepth 10), arrays land as JSON text (compared as parsed JSON)',
  'json-number-text':
    'JSON: a number lands as text, exactly as written or as polars prints the same double (1.0 stays 1.0, 1e2 becomes 100.0, never more than 17 significant digits); integers digit for digit',
  'duckdb-double':
    'JSON: DuckDB read_json reads a number of more than 17 significant digits (a long decimal, an integer beyond 64 bits) as a DOUBLE; Bronze keeps the digits as written (checked against JSON.parse), compared with DuckDB as the same double',
  'duckdb-empty-name': 'JSON: DuckDB read_json names a key without a name C<n>; the comparison maps it back to the empty name the file and Bronze have',
  'duckdb-struct-keys':
    'JSON: DuckDB read_json gives every object of a field every key of its inferred struct (null where the file has none); those nulls are dropped where the file has no such key',
  'json-column-order': 'JSON: columns are compared by name (the reader and Bronze may order keys first seen differently)',
  'parquet-uuid-bytes': 'Parquet: a UUID column lands as its 16 bytes (BLOB) without the UUID annotation: compared as hex digits',
  'parquet-time-ns': 'Parquet: a TIME column lands as TIME in nanoseconds (polars has one Time type, in ns); the values are the same',
  'parquet-timetz-utc':
    'Parquet: a TIME adjusted to UTC (DuckDB TIME WITH TIME ZONE) lands as TIME in ns without the UTC flag: its value is the UTC time of day',
  'parquet-map-entries': 'Parquet: a MAP lands as a list of {key, value} structs (polars has no map type)',
  'excel-types':
    'Excel: exceljs cell values typed by parse-excel rules (a column of numbers is DOUBLE, of dates TIMESTAMP, any mix is text: whole numbers without .0, dates as YYYY-MM-DD HH:MM:SS)',
  'excel-header': 'Excel: the first row names the columns (empty: column_N, repeated: _2, _3); empty rows are dropped',
} as const;

export type DifferenceId = keyof typeof INTENDED_DIFFERENCES;

/** Which cases each intended difference was applied to, for the suite's summary. */
export class AppliedDifferences {
  private readonly cases = new Map<DifferenceId, Set<string>>();

  record(id: DifferenceId, caseName: string): void {
    if (!this.cases.has(id)) this.cases.set(id, new Set());
    this.cases.get(id)!.add(caseName);
  }

  summary(): string {
    return [...this.cases].map(([id, cases]) => `${id} (${cases.size} cases)`).join(', ') || 'none';
  }
}
