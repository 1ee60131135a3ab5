/**
 * Cases that show a known wrong result not fixed yet, each listed in README.md's "Open" section:
 * they run as `it.fails`, so the suite stays green while the bug is open and turns red (to be moved
 * back to the passing cases) the day it is fixed. Key: `<format>/<case file>`.
 */
export const OPEN_BUGS: Record<string, string> = {
  'csv/typed-long-decimals.csv': 'inferTypes: a decimal of more than 17 significant digits becomes a Float64 and loses digits (issue 15, helper B)',
  'csv/empty-header-names.csv': 'a second empty header cell is named _duplicated_0 instead of column_<position> (README of parse-csv)',
  'parquet/json.parquet': 'a column of the JSON logical type lands as BLOB instead of text (same bytes)',
  'parquet/map_varchar_integer.parquet': 'a NULL MAP lands as an empty map (nodejs-polars 0.25.2 reads it so)',
  'json/mixed-arrays.jsonl': 'an array of mixed element types is coerced (numbers and booleans written as strings) (issue 15 class 1, helper A)',
  'json/mixed-arrays-doc.json': 'an array of booleans and numbers lands with the booleans as 1/0 (issue 15 class 1, helper A)',
  'json/beyond-int64.jsonl': 'an integer beyond 64 bits lands as a float text (18446744073709551615 -> 18446744073709552000): digits changed',
  'json/long-decimals.jsonl':
    'a number of more than 17 significant digits lands as the double polars parsed (0.12345678901234567890123 -> 0.12345678901234568)',
};
