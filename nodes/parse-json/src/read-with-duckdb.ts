import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type DuckdbPlan, ident, literal } from './duckdb-plan.ts';

/** JSON Lines files with one plan, read by one `read_json` call. */
export interface DuckdbGroup {
  plan: DuckdbPlan;
  paths: string[];
  /** Each file's value of the file column. */
  keys: string[];
  /** The largest file's size in bytes: no line is longer. */
  largest: number;
}

const list = (texts: string[]) => `[${texts.map(literal).join(', ')}]`;

// One database per thread that reads (a plugin thread, or the main thread without a pool), one
// DuckDB thread each: the plugin threads already take a core each. Memory DuckDB frees goes back to
// the system at once (allocator_flush_threshold): W2 from S3 peaked ~20 MiB lower per thread.
let connection: Promise<DuckDBConnection> | undefined;
function connect(): Promise<DuckDBConnection> {
  // Imported on first use: DuckDB's library holds ~50 MiB resident once loaded, which a run that
  // reads no JSON Lines batch (or the runtime that merely discovers this plugin) should not pay.
  connection ??= import('@duckdb/node-api').then(async ({ DuckDBInstance }) => {
    const db = await DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'true', allocator_flush_threshold: '0MB' });
    return db.connect();
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
 */
export async function readWithDuckdb({ plan, paths, keys, largest }: DuckdbGroup, fileColumn: string): Promise<Uint8Array> {
  const conn = await connect();
  const dir = await mkdtemp(join(tmpdir(), 'sluice-parse-json-'));
  try {
    const out = join(dir, 'rows.parquet');
    const file = `${list(keys)}[list_position(${list(paths)}, ${ident(fileColumn)})]`;
    // DuckDB's read buffers follow maximum_object_size (16 MiB by default, per file read): the largest
    // file bounds every line, and W2's peak RSS fell by ~25 MiB per thread with it.
    const objectSize = Math.max(64 * 1024, largest + 1);
    const source = `read_json(${list(paths)}, format = 'newline_delimited', records = true, filename = ${literal(fileColumn)}, columns = ${plan.columns}, maximum_object_size = ${objectSize})`;
    await conn.run(
      `COPY (SELECT ${[...plan.select, `${file} AS ${ident(fileColumn)}`].join(', ')} FROM ${source}) TO ${literal(out)} (FORMAT parquet, COMPRESSION uncompressed)`,
    );
    const bytes = await readFile(out);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
