import { DuckDBInstance } from '@duckdb/node-api';

/** A table as read by one reader: column names and types, and rows of values in a canonical form. */
export interface ReadTable {
  columns: { name: string; type: string }[];
  /** Values in DuckDB's JSON form: big integers and decimals as digit strings, NaN and infinities as
   * 'NaN'/'Infinity'/'-Infinity', blobs as `\xFF` escapes, timestamps as text, lists and structs as JSON. */
  rows: unknown[][];
}

let instance: Promise<DuckDBInstance> | undefined;

/** Runs one query on a shared in-memory DuckDB (no extensions) and returns its rows in JSON form. */
export async function duckdbRead(sql: string): Promise<ReadTable> {
  instance ??= DuckDBInstance.create(':memory:');
  const conn = await (await instance).connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const types = reader.columnTypes().map(String);
    return { columns: names.map((name, i) => ({ name, type: types[i]! })), rows: reader.getRowsJson() as unknown[][] };
  } finally {
    conn.closeSync();
  }
}

/** A path as a DuckDB string literal. */
export const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;
