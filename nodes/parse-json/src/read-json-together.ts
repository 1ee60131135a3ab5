import { readFile } from 'node:fs/promises';
import pl from 'nodejs-polars';
import type { DataFrame } from 'nodejs-polars';
import { ExprCache } from './expr-cache.ts';
import type { JsonFormat } from './json-format.ts';
import { duckdbRoute, FILE_COLUMN } from './duckdb-route.ts';
import { type ParseJsonOptions, parseJsonBytes } from './parse-json-bytes.ts';
import { type DuckdbGroup, readWithDuckdb } from './read-with-duckdb.ts';

export { FILE_COLUMN };

/** Files to read on a plugin thread: plain data, as a thread takes it. */
export interface ReadTogetherRequest {
  /** Local paths of the files, already checked by their source. */
  paths: string[];
  /** The files' names, for messages. */
  names: string[];
  options: ParseJsonOptions;
}

/** A table's bytes, in the format they are read back from (`pl.readIPC`, `pl.readParquet`). */
export interface TogetherTable {
  format: 'ipc' | 'parquet';
  bytes: Uint8Array;
}

/** What became of one file of the request. */
export type TogetherFile =
  /** Its rows are in `tables[table]`, where `FILE_COLUMN` is `key`; `engine` read them. */
  | {
      read: 'together';
      table: number;
      key: string;
      records: number;
      format: JsonFormat;
      warnings: string[];
      bytes: number;
      engine: 'duckdb' | 'polars' | 'javascript';
    }
  /** No records: the file is skipped. */
  | { read: 'empty'; bytes: number }
  /** A file whose own columns include `FILE_COLUMN`: to be read alone. */
  | { read: 'alone' };

export interface ReadTogetherResult {
  /**
   * The tables: Arrow IPC streams of the files read one by one, one per set of columns (names and
   * types) they landed with; Parquet files written by DuckDB, one per call.
   */
  tables: TogetherTable[];
  files: TogetherFile[];
}

// Expressions kept for as long as the thread lives: files of one schema share them (expr-cache.ts).
const cache = new ExprCache();

/** Files read one by one with the same columns and types: their frames, and each row's file key. */
interface Gathered {
  table: number;
  frames: DataFrame[];
  keys: string[];
}

/** Files DuckDB reads in one call (one plan), with what is known of each before. */
type DuckdbFiles = DuckdbGroup & { files: number[]; records: number[]; bytes: number[] };

/**
 * Reads small JSON and JSON Lines files exactly as `parseJsonBytes` reads each alone, on a plugin
 * thread, into tables with a file column, so that a sink can land the files at once.
 *
 * JSON Lines files that DuckDB reads as polars would land them (`duckdbRoute`: the census shows
 * nothing DuckDB spells otherwise) are read by one DuckDB `read_json` call per structure, which
 * parses, flattens and tags them natively in about half polars' CPU, into one Parquet table
 * (BENCHMARKS.md, "W2: one DuckDB pass per batch"). The others, gathered into one Arrow IPC table
 * per set of columns, are read one by one, by polars or JavaScript as `parseJsonBytes`
 * decides (nodejs-polars 0.26.1 `readJSON` of W2's files: ~1.9 ms per file alone, ~3.4 ms per file
 * in a call of 200, and one call would merge the files' types). Should DuckDB refuse a group, its
 * files are read one by one too. The first file that fails throws, with its name: the caller's
 * batch then splits until that file fails alone, on the main thread.
 */
/** Characters DuckDB's file readers take for a glob in a path (`*`, `?`, `[…]`, `{…}`). */
const GLOB_CHARACTERS = /[*?[\]{}]/;

export async function readJsonTogether({ paths, names, options }: ReadTogetherRequest): Promise<ReadTogetherResult> {
  // One group per set of columns and types, numbered in the order first seen (its table's index).
  const groups = new Map<string, Gathered>();
  const files: TogetherFile[] = [];
  /** The group of a file's frame's columns and types, which takes the frame and its rows' key. */
  const gather = (df: DataFrame, key: string): Gathered => {
    const signature = JSON.stringify([df.columns, df.dtypes.map(String)]);
    let group = groups.get(signature);
    if (!group) {
      group = { table: groups.size, frames: [], keys: [] };
      groups.set(signature, group);
    }
    group.frames.push(df);
    for (let r = df.height; r > 0; r--) group.keys.push(key);
    return group;
  };
  const readOne = (bytes: Buffer, i: number) => {
    const parsed = parseJsonBytes(bytes, names[i]!, options, cache);
    if (!parsed) {
      files[i] = { read: 'empty', bytes: bytes.length };
      return;
    }
    const df = parsed.frame.collectSync();
    if (df.columns.includes(FILE_COLUMN)) files[i] = { read: 'alone' };
    else {
      const { table } = gather(df, String(i));
      const { records, format, warnings, engine } = parsed;
      files[i] = { read: 'together', table, key: String(i), records, format, warnings, bytes: bytes.length, engine };
    }
  };
  // Files DuckDB may read, by plan: read after the others, one call per plan.
  const duck = new Map<string, DuckdbFiles>();
  for (const [i, path] of paths.entries()) {
    const bytes = await readFile(path);
    // DuckDB expands a path holding glob characters (`x*.jsonl` also reads `xy.jsonl`, `[b].jsonl`
    // reads `b.jsonl`), also one bound as a parameter: such a file is read the polars way, by its bytes.
    const route = GLOB_CHARACTERS.test(path) ? null : duckdbRoute(bytes, names[i]!, options);
    if (!route) {
      readOne(bytes, i);
      continue;
    }
    const key = JSON.stringify([route.plan.columns, route.plan.select, route.plan.fields]);
    let group = duck.get(key);
    if (!group) duck.set(key, (group = { plan: route.plan, paths: [], keys: [], largest: 0, files: [], records: [], bytes: [] }));
    group.paths.push(path);
    group.keys.push(String(i));
    group.files.push(i);
    group.records.push(route.records);
    group.bytes.push(bytes.length);
    group.largest = Math.max(group.largest, bytes.length);
  }
  // DuckDB's tables come after the others, in the order of their calls.
  const parquet: { bytes: Uint8Array; group: DuckdbFiles }[] = [];
  for (const group of duck.values()) {
    try {
      parquet.push({ bytes: await readWithDuckdb(group, FILE_COLUMN), group });
    } catch {
      // DuckDB refused a file (a line that is no JSON, ...): the polars way names it and says why.
      for (const i of group.files) readOne(await readFile(paths[i]!), i);
    }
  }
  const tables: TogetherTable[] = [...groups.values()].map(({ frames, keys }) => {
    const rows = frames.length === 1 ? frames[0]! : pl.concat(frames, { how: 'vertical', rechunk: false });
    return { format: 'ipc', bytes: new Uint8Array(rows.withColumn(pl.Series(FILE_COLUMN, keys, pl.Utf8)).writeIPC()) };
  });
  for (const { bytes, group } of parquet) {
    const table = tables.push({ format: 'parquet', bytes }) - 1;
    group.files.forEach((i, j) => {
      files[i] = {
        read: 'together',
        table,
        key: String(i),
        records: group.records[j]!,
        format: 'jsonl',
        warnings: [],
        bytes: group.bytes[j]!,
        engine: 'duckdb',
      };
    });
  }
  return { tables, files };
}
