import type { ExpectedTable } from './compare-tables.ts';
import { duckdbRead, type ReadTable, sqlString } from './duckdb-read.ts';
import type { AppliedDifferences } from './intended-differences.ts';

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * What Bronze should hold for a Parquet file: DuckDB's reading of the source, with the intended
 * differences applied: a MAP column's type is a list of {key, value} structs (same values), a TIME
 * column's is TIME_NS (same values), and a UUID column is compared as hex digits with the 16-byte
 * BLOB that lands.
 */
export async function parquetExpected(name: string, source: string, applied: AppliedDifferences): Promise<{ expected: ExpectedTable; uuidColumns: string[] }> {
  const reference = await duckdbRead(`SELECT * FROM read_parquet(${sqlString(source)})`);
  const uuidColumns = reference.columns.filter((c) => c.type === 'UUID').map((c) => c.name);
  let table: ReadTable = reference;
  if (uuidColumns.length) {
    applied.record('parquet-uuid-bytes', name);
    const select = reference.columns.map((c) =>
      c.type === 'UUID' ? `upper(replace(${quoteName(c.name)}::VARCHAR, '-', '')) AS ${quoteName(c.name)}` : quoteName(c.name),
    );
    table = await duckdbRead(`SELECT ${select.join(', ')} FROM read_parquet(${sqlString(source)})`);
  }
  const columns = reference.columns.map((c) => {
    const map = /^MAP\((.+), (.+)\)$/.exec(c.type);
    if (map) {
      applied.record('parquet-map-entries', name);
      return { name: c.name, type: `STRUCT("key" ${map[1]}, "value" ${map[2]})[]` };
    }
    if (c.type === 'TIME') {
      applied.record('parquet-time-ns', name);
      return { name: c.name, type: 'TIME_NS' };
    }
    return { name: c.name, type: c.type === 'UUID' ? 'VARCHAR' : c.type };
  });
  return { expected: { columns, rows: table.rows }, uuidColumns };
}

/** A landed part read again with its UUID columns (now BLOB) as hex digits. */
export function landedWithHex(part: string, columns: string[], uuidColumns: string[]): Promise<ReadTable> {
  const select = columns.map((c) => (uuidColumns.includes(c) ? `hex(${quoteName(c)}) AS ${quoteName(c)}` : quoteName(c)));
  return duckdbRead(`SELECT ${select.join(', ')} FROM read_parquet(${sqlString(part)}, hive_partitioning = false)`);
}
