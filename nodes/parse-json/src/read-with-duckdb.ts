import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { type DuckdbPlan, ident } from './duckdb-plan.ts';

/** JSON Lines files with one plan, read by one `read_json` call. */
export interface DuckdbGroup {
  plan: DuckdbPlan;
  paths: string[];
  /** Each file's value of the file column. */
  keys: string[];
  /** The largest file's size in bytes: no line is longer. */
  largest: number;
}

// One database per thread that reads (a plugin thread, or the main thread without a pool), one
// DuckDB thread each: the plugin threads already take a core each. Memory DuckDB frees goes back to
// the system at once (allocator_flush_threshold): W2 from S3 peaked ~20 MiB lower per thread.
let connection: Promise<{ conn: DuckDBConnection; api: typeof import('@duckdb/node-api') }> | undefined;
function connect() {
  // Imported on first use: DuckDB's library holds ~50 MiB resident once loaded, which a run that
  // reads no JSON Lines batch (or the runtime that merely discovers this plugin) should not pay.
  connection ??= import('@duckdb/node-api').then(async (api) => {
    const db = await api.DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'true', allocator_flush_threshold: '0MB' });
    return { conn: await db.connect(), api };
  });
  return connection;
}

/**
 * Reads a group's files in one DuckDB `read_json` call, with the plan's structure and every leaf
 * VARCHAR, into one uncompressed Parquet file, whose bytes it returns: the plan's columns and
 * `fileColumn` (the file's key), the files' rows in order. polars reads them where the table is
 * used (`pl.readParquet`): no value passes through JavaScript, and the thread holds no second copy
 * of the rows (a polars frame, then an IPC stream: W2's peak RSS was ~90 MiB higher so). Throws when
 * DuckDB refuses a file; the caller then reads the group's files the polars way, one by one, which
 * names the file at fault.
 *
 * Paths (landing file names: hostile input), the files' keys, the plan's `columns` and the keys
 * taken out of STRUCTs are bound parameters, never SQL text; only names DuckDB cannot take as a
 * parameter (columns, aliases, the keys inside a STRUCT type's text) are quoted identifiers
 * (`ident`). A bound path is still a glob to DuckDB (`x*.jsonl` also reads `xy.jsonl`): the caller
 * gives no path holding glob characters (read-json-together.ts).
 */
export async function readWithDuckdb({ plan, paths, keys, largest }: DuckdbGroup, fileColumn: string): Promise<Uint8Array> {
  const { conn, api } = await connect();
  const dir = await mkdtemp(join(tmpdir(), 'sluice-parse-json-'));
  try {
    const out = join(dir, 'rows.parquet');
    const file = `$keys[list_position($paths, ${ident(fileColumn)})]`;
    // DuckDB's read buffers follow maximum_object_size (16 MiB by default, per file read): the largest
    // file bounds every line, and W2's peak RSS fell by ~25 MiB per thread with it.
    const objectSize = Math.max(64 * 1024, largest + 1);
    const source = `read_json($paths, format = 'newline_delimited', records = true, filename = $fileColumn, columns = $columns, maximum_object_size = ${objectSize})`;
    const values: Record<string, DuckDBValue> = {
      paths: api.listValue(paths),
      keys: api.listValue(keys),
      fileColumn,
      columns: api.structValue(Object.fromEntries(plan.columns)),
      out,
    };
    // The STRUCT's type given, its members in the plan's order: the type the library would infer is
    // built key by key into a plain object, which loses a key `__proto__`.
    const types: Record<string, DuckDBType> = {
      columns: new api.DuckDBStructType(
        plan.columns.map(([key]) => key),
        plan.columns.map(() => api.VARCHAR),
      ),
    };
    plan.fields.forEach((key, i) => {
      values[`f${i}`] = key;
    });
    await conn.run(
      `COPY (SELECT ${[...plan.select, `${file} AS ${ident(fileColumn)}`].join(', ')} FROM ${source}) TO $out (FORMAT parquet, COMPRESSION uncompressed)`,
      values,
      types,
    );
    const bytes = await readFile(out);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
