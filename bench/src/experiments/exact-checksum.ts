import type { DuckDBConnection } from '@duckdb/node-api';
import { q } from '../verify/output-checksum.ts';

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** A file's rows in an output: count and the sum of each row's hash. */
export interface FileSum {
  rows: number;
  hash: bigint;
}

/**
 * What an output holds, value for value (no cast to a generated type: `1.5` and `1.50` differ),
 * per input file: the data columns (`name type`, sorted), and for each file (by base name) its row
 * count and the sum of its rows' hashes. A row's text is its data columns in name order, a null
 * written as NUL (so that null and empty text differ).
 */
export interface ExactSums {
  columns: string[];
  files: Map<string, FileSum>;
  rows: number;
  checksum: bigint;
}

export async function exactSums(conn: DuckDBConnection, glob: string, fileColumn: string, notData: string[]): Promise<ExactSums> {
  const source = `read_parquet(${q(glob)}, union_by_name = true, hive_partitioning = false)`;
  const described = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS();
  const data = described
    .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }))
    .filter((c) => c.name !== fileColumn && !notData.includes(c.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const rowText = `concat_ws(chr(31), ${data.map((c) => `coalesce(CAST(${ident(c.name)} AS VARCHAR), chr(0))`).join(', ')})`;
  const result = await conn.runAndReadAll(
    `SELECT regexp_extract(${ident(fileColumn)}, '[^/]+$') AS f, count(*) AS n, CAST(sum(hash(${rowText})) AS VARCHAR) AS h FROM ${source} GROUP BY f`,
  );
  const files = new Map<string, FileSum>();
  let rows = 0;
  let checksum = 0n;
  for (const r of result.getRowObjectsJS()) {
    const s = { rows: Number(r.n), hash: BigInt(String(r.h)) };
    files.set(String(r.f), s);
    rows += s.rows;
    checksum += s.hash;
  }
  return { columns: data.map((c) => `${c.name} ${c.type}`), files, rows, checksum };
}

/** Files of `sample` whose rows differ between two outputs (missing in either counts), and whether the columns agree. */
export function compareSums(a: ExactSums, b: ExactSums, sample: Iterable<string>): { columnsEqual: boolean; compared: number; differing: string[] } {
  const differing: string[] = [];
  let compared = 0;
  for (const f of sample) {
    compared++;
    const x = a.files.get(f);
    const y = b.files.get(f);
    if (!x || !y || x.rows !== y.rows || x.hash !== y.hash) differing.push(f);
  }
  return { columnsEqual: a.columns.join('|') === b.columns.join('|'), compared, differing };
}

/** Every row of every file as `{column: text}` (data columns only), sorted: for listing the values that differ on a handful of probe files. */
export async function rowsByFile(
  conn: DuckDBConnection,
  glob: string,
  fileColumn: string,
  notData: string[],
): Promise<Map<string, Record<string, string | null>[]>> {
  const result = await conn.runAndReadAll(`SELECT * FROM read_parquet(${q(glob)}, union_by_name = true, hive_partitioning = false)`);
  const out = new Map<string, Record<string, string | null>[]>();
  for (const row of result.getRowObjectsJS()) {
    const file = String(row[fileColumn]).replace(/^.*\//, '');
    const data: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(row)) if (k !== fileColumn && !notData.includes(k)) data[k] = v === null ? null : String(v);
    out.set(file, [...(out.get(file) ?? []), data]);
  }
  for (const rows of out.values()) rows.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  return out;
}
