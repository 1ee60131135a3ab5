import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { CanonicalColumn } from './canonical-columns.ts';

/** What an output holds, independent of row order, column types and nesting. */
export interface OutputChecksum {
  rows: number;
  /** Sum of a 64-bit hash of each row's canonical text, as a decimal string (it exceeds 2^53). */
  checksum: string;
  /** Rows whose `_source_file` audit column is null: must be 0. */
  rowsWithoutSource: number;
}

export const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const NULL_TEXT = "'\\N'";

/** Where a canonical value sits in an output whose top-level columns are `columns` (name -> type). */
function locate(col: CanonicalColumn, columns: Map<string, string>): { expr: string; type: string } {
  const flat = col.path.join('_');
  if (columns.has(flat)) return { expr: ident(flat), type: columns.get(flat)! };
  const top = columns.get(col.path[0]!);
  if (top !== undefined && col.path.length > 1 && top.startsWith('STRUCT')) {
    return { expr: col.path.map(ident).join('.'), type: 'nested' };
  }
  throw new Error(
    `the output has no column for "${col.path.join('.')}" (neither "${flat}" nor a struct "${col.path[0]}"); columns: ${[...columns.keys()].join(', ')}`,
  );
}

/** A SQL expression giving the canonical text of one value: nulls and empty text as \N. */
function canonicalExpr(col: CanonicalColumn, columns: Map<string, string>): string {
  const { expr, type } = locate(col, columns);
  if (col.kind === 'scalar') {
    return `coalesce(nullif(CAST(TRY_CAST(${expr} AS ${col.type}) AS VARCHAR), ''), ${NULL_TEXT})`;
  }
  const elementType =
    col.kind === 'list'
      ? col.element
      : `STRUCT(${Object.entries(col.fields)
          .map(([k, t]) => `${ident(k)} ${t}`)
          .join(', ')})`;
  // A list kept as JSON text (a flattening parser's choice) is read back as a list.
  const list = type === 'VARCHAR' || type === 'JSON' ? `TRY_CAST(json(${expr}) AS ${elementType}[])` : `CAST(${expr} AS ${elementType}[])`;
  const element =
    col.kind === 'list'
      ? 'CAST(x AS VARCHAR)'
      : Object.keys(col.fields)
          .map((k) => `coalesce(CAST(x.${ident(k)} AS VARCHAR), ${NULL_TEXT})`)
          .join(` || ':' || `);
  return `coalesce(array_to_string(list_transform(${list}, x -> ${element}), '|'), ${NULL_TEXT})`;
}

/**
 * Row count and order-independent checksum of Parquet output files, computed by DuckDB: each row's
 * canonical values are joined, hashed, and the hashes summed. Two outputs with equal checksums hold
 * the same multiset of rows; a dropped, duplicated or altered value changes it.
 */
export async function outputChecksum(parquetGlob: string, canonical: CanonicalColumn[], conn?: DuckDBConnection): Promise<OutputChecksum> {
  return relationChecksum(`read_parquet(${q(parquetGlob)}, union_by_name = true, hive_partitioning = false)`, canonical, conn);
}

/** The same checksum over the input CSV files themselves, read as text: what every output must hold. */
export async function csvInputChecksum(csvGlob: string, canonical: CanonicalColumn[], conn?: DuckDBConnection): Promise<OutputChecksum> {
  const check = await relationChecksum(`read_csv(${q(csvGlob)}, all_varchar = true, header = true)`, canonical, conn);
  return { ...check, rowsWithoutSource: 0 };
}

/** The same checksum over input JSON Lines files, as DuckDB's read_json types them. */
export async function jsonlInputChecksum(jsonlGlob: string, canonical: CanonicalColumn[], conn?: DuckDBConnection): Promise<OutputChecksum> {
  const check = await relationChecksum(`read_json(${q(jsonlGlob)})`, canonical, conn);
  return { ...check, rowsWithoutSource: 0 };
}

/** Row count and checksum of any relation (a table function call) holding the canonical values. */
export async function relationChecksum(source: string, canonical: CanonicalColumn[], conn?: DuckDBConnection): Promise<OutputChecksum> {
  const own = conn ? undefined : await DuckDBInstance.create(':memory:');
  const c = conn ?? (await own!.connect());
  try {
    const described = await c.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const columns = new Map(described.getRowObjectsJS().map((r) => [String(r.column_name), String(r.column_type)]));
    const rowText = `concat_ws(chr(31), ${canonical.map((col) => canonicalExpr(col, columns)).join(', ')})`;
    const sourceCheck = columns.has('_source_file') ? `count(*) FILTER (WHERE "_source_file" IS NULL)` : 'count(*)';
    const result = await c.runAndReadAll(
      `SELECT count(*) AS n, CAST(coalesce(sum(hash(${rowText})), 0) AS VARCHAR) AS h, ${sourceCheck} AS nosrc FROM ${source}`,
    );
    const row = result.getRowObjectsJS()[0]!;
    return { rows: Number(row.n), checksum: String(row.h), rowsWithoutSource: Number(row.nosrc) };
  } finally {
    if (!conn) c.closeSync();
  }
}
