import { writeFileSync } from 'node:fs';
import type { CsvCase } from './csv-cases.ts';
import { duckdbRead, type ReadTable, sqlString } from './duckdb-read.ts';

/**
 * DuckDB's reading of a CSV case, every row including the header as text (`header=false,
 * all_varchar=true`), with the case's dialect; a quoted empty field stays an empty string
 * (`allow_quoted_nulls=false`) and a short row is padded with nulls (`null_padding=true`).
 * Windows-1252 and UTF-16BE are decoded to UTF-8 by TextDecoder first (DuckDB reads the first only
 * with an extension, the second not at all).
 */
export async function csvReference(path: string, c: CsvCase): Promise<ReadTable> {
  let source = path;
  if (c.decodeFirst) {
    source = `${path}.utf8`;
    writeFileSync(source, new TextDecoder(c.decodeFirst, { fatal: true, ignoreBOM: false }).decode(c.bytes));
  }
  const d = c.dialect;
  const options = [
    `delim=${sqlString(d.delim)}`,
    `quote=${sqlString(d.quote)}`,
    `escape=${sqlString(d.escape)}`,
    `encoding=${sqlString(d.encoding ?? 'utf-8')}`,
    // parse-csv's null markers (default: an empty unquoted field); none at all: a marker no field holds.
    `nullstr=[${(d.nullstr ?? ['']).map(sqlString).join(', ') || sqlString('<no null marker: none of the fields>')}]`,
    'header=false',
    'all_varchar=true',
    'allow_quoted_nulls=false',
    'null_padding=true',
    'max_line_size=10000000',
    'parallel=false',
  ];
  return duckdbRead(`SELECT * FROM read_csv(${sqlString(source)}, ${options.join(', ')})`);
}
