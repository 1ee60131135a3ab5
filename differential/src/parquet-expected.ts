import type { ExpectedTable } from './compare-tables.ts';
import { duckdbRead, type ReadTable, sqlString } from './duckdb-read.ts';
import type { AppliedDifferences } from './intended-differences.ts';

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The argument list of a type at `open` (the index after its parenthesis), split at its top-level commas, and the index after its closing parenthesis. */
function typeArguments(type: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let start = open;
  for (let i = open; i < type.length; i++) {
    const ch = type[i];
    if (ch === '(') depth++;
    else if (ch === ')' && depth-- === 0) return { args: [...args, type.slice(start, i).trim()], end: i + 1 };
    else if (ch === ',' && depth === 0) {
      args.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  throw new Error(`unbalanced type ${type}`);
}

/** A DuckDB type with every MAP(K, V), at any depth, as the list of {key, value} structs polars lands. */
export function mapsAsEntries(type: string): string {
  const at = type.indexOf('MAP(');
  if (at < 0) return type;
  const { args, end } = typeArguments(type, at + 4);
  const [k, v] = args.map(mapsAsEntries);
  return `${type.slice(0, at)}STRUCT("key" ${k}, "value" ${v})[]${mapsAsEntries(type.slice(end))}`;
}

/**
 * What Bronze should hold for a Parquet file: DuckDB's reading of the source, with the intended
 * differences applied: every MAP (at any depth) typed as a list of {key, value} structs (same
 * values), a TIME column typed TIME_NS (same values), a UTC-adjusted TIME as its UTC time of day, and
 * a UUID column compared as hex digits with the 16-byte BLOB that lands.
 */
export async function parquetExpected(name: string, source: string, applied: AppliedDifferences): Promise<{ expected: ExpectedTable; uuidColumns: string[] }> {
  const reference = await duckdbRead(`SELECT * FROM read_parquet(${sqlString(source)})`);
  const uuidColumns = reference.columns.filter((c) => c.type === 'UUID').map((c) => c.name);
  const timetz = reference.columns.some((c) => c.type === 'TIME WITH TIME ZONE');
  let table: ReadTable = reference;
  if (uuidColumns.length || timetz) {
    const select = reference.columns.map((c) => {
      if (c.type === 'UUID') return `upper(replace(${quoteName(c.name)}::VARCHAR, '-', '')) AS ${quoteName(c.name)}`;
      if (c.type === 'TIME WITH TIME ZONE') return `timezone('UTC', ${quoteName(c.name)})::TIME AS ${quoteName(c.name)}`;
      return quoteName(c.name);
    });
    table = await duckdbRead(`SELECT ${select.join(', ')} FROM read_parquet(${sqlString(source)})`);
  }
  if (uuidColumns.length) applied.record('parquet-uuid-bytes', name);
  const columns = reference.columns.map((c) => {
    const type = mapsAsEntries(c.type);
    if (type !== c.type) applied.record('parquet-map-entries', name);
    if (c.type === 'TIME' || c.type === 'TIME WITH TIME ZONE') {
      applied.record(c.type === 'TIME' ? 'parquet-time-ns' : 'parquet-timetz-utc', name);
      return { name: c.name, type: 'TIME_NS' };
    }
    return { name: c.name, type: c.type === 'UUID' ? 'VARCHAR' : type };
  });
  return { expected: { columns, rows: table.rows }, uuidColumns };
}

/** A landed part read again with its UUID columns (now BLOB) as hex digits; `filter` keeps one file's rows of a part of several. */
export function landedWithHex(part: string, columns: string[], uuidColumns: string[], filter = ''): Promise<ReadTable> {
  const select = columns.map((c) => (uuidColumns.includes(c) ? `hex(${quoteName(c)}) AS ${quoteName(c)}` : quoteName(c)));
  return duckdbRead(`SELECT ${select.join(', ')} FROM read_parquet(${sqlString(part)}, hive_partitioning = false)${filter ? ` WHERE ${filter}` : ''}`);
}
