import { mkdir, rm, symlink } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { type DuckDBConnection, type DuckDBStructType, type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import { literalColumn } from '@sluice/sdk/polars';
import pl, { type LazyDataFrame, type ScanCsvOptions } from 'nodejs-polars';
// parse-json's own shaping plan, so that polars' batches land W2 exactly as parse-json shapes a file.
import { ExprCache } from '../../../nodes/parse-json/src/expr-cache.ts';
import { shapeLazy } from '../../../nodes/parse-json/src/shape-frame.ts';
import type { ShapeOptions } from '../../../nodes/parse-json/src/shape-options.ts';

/** The three ways of landing a batch of files as one Parquet file that the experiment compares. */
export const VARIANTS = ['polars-scan', 'polars-concat', 'duckdb'] as const;
export type Variant = (typeof VARIANTS)[number];
export type BatchFormat = 'csv' | 'jsonl';

/** The column naming each row's file, in every variant's output (as bronze-sink names it). */
export const FILE_COLUMN = '_source_file';

/** parse-json's defaults: objects flattened 10 levels, arrays as JSON text, every value text. */
export const SHAPE: ShapeOptions = { maxDepth: 10, separator: '_', arrays: 'json', types: 'strings' };

/** parse-csv's scan options for a comma-separated file with a header under its defaults (scan-options.ts). */
const CSV_OPTIONS: Partial<ScanCsvOptions> = {
  sep: ',',
  hasHeader: true,
  eolChar: '\n',
  inferSchemaLength: 0,
  missingUtf8IsEmptyString: false,
  truncateRaggedLines: false,
  raiseIfEmpty: false,
  cache: false,
};

export interface BatchContext {
  format: BatchFormat;
  cache: ExprCache;
  duck?: DuckDBConnection;
}

export function newContext(format: BatchFormat, duck?: DuckDBConnection): BatchContext {
  return { format, cache: new ExprCache(), duck };
}

const sink = (lf: LazyDataFrame, out: string) => lf.sinkParquet(out, { compression: 'zstd' }).collect();

/** Shapes a JSON scan as parse-json does; its schema is resolved by a query (off the event loop). */
async function shaped(lf: LazyDataFrame, ctx: BatchContext): Promise<LazyDataFrame> {
  if (ctx.format === 'csv') return lf;
  const empty = await lf.limit(0).collect();
  return shapeLazy(lf, empty.columns, empty.dtypes, SHAPE, ctx.cache).frame;
}

/**
 * (a) One polars scan over the batch with `includeFilePaths`. nodejs-polars 0.26.1's scanJson and
 * scanCSV take one path or glob, not a list, so the batch is a folder of symbolic links (named by
 * position) scanned by a glob, and the link paths are mapped back to the files' paths.
 */
async function polarsScan(batch: string[], out: string, ctx: BatchContext): Promise<void> {
  const links = `${out}.links`;
  await mkdir(links, { recursive: true });
  const ext = extname(batch[0]!);
  const linkPaths = batch.map((_, i) => join(links, `${String(i).padStart(6, '0')}${ext}`));
  await Promise.all(batch.map((f, i) => symlink(f, linkPaths[i]!)));
  const glob = join(links, `*${ext}`);
  const scan =
    ctx.format === 'csv'
      ? pl.scanCSV(glob, { ...CSV_OPTIONS, glob: true, includeFilePaths: FILE_COLUMN })
      : pl.scanJson(glob, { inferSchemaLength: null, includeFilePaths: FILE_COLUMN });
  try {
    const lf = (await shaped(scan, ctx)).withColumns(pl.col(FILE_COLUMN).replaceStrict(linkPaths, batch).alias(FILE_COLUMN));
    await sink(lf, out);
  } finally {
    await rm(links, { recursive: true, force: true });
  }
}

/** (b) One polars scan per file with a literal file column, concatenated lazily, one sink. */
async function polarsConcat(batch: string[], out: string, ctx: BatchContext): Promise<void> {
  const scans = batch.map((f) =>
    (ctx.format === 'csv' ? pl.scanCSV(f, { ...CSV_OPTIONS, glob: false }) : pl.scanJson(f, { inferSchemaLength: null })).withColumns(
      literalColumn(FILE_COLUMN, f),
    ),
  );
  const all = pl.concat(scans, { how: ctx.format === 'csv' ? 'diagonal' : 'diagonalRelaxed' });
  await sink(await shaped(all, ctx), out);
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The columns spec DuckDB reads with: objects within maxDepth as STRUCTs of their fields, every other value VARCHAR (JSON text for arrays and deeper objects). */
function readType(t: DuckDBType, depth: number): string {
  if (t.typeId !== DuckDBTypeId.STRUCT || depth >= SHAPE.maxDepth) return 'VARCHAR';
  const s = t as DuckDBStructType;
  return `STRUCT(${s.entryNames.map((n, i) => `${ident(n)} ${readType(s.entryTypes[i]!, depth + 1)}`).join(', ')})`;
}

/** SELECT items flattening STRUCTs into parent_child columns. */
function flatColumns(path: string[], t: DuckDBType, depth: number): string[] {
  if (t.typeId !== DuckDBTypeId.STRUCT || depth >= SHAPE.maxDepth) {
    const expr = path.length === 1 ? ident(path[0]!) : `${ident(path[0]!)}.${path.slice(1).map(ident).join('.')}`;
    return [`${expr} AS ${ident(path.join(SHAPE.separator))}`];
  }
  const s = t as DuckDBStructType;
  return s.entryNames.flatMap((n, i) => flatColumns([...path, n], s.entryTypes[i]!, depth + 1));
}

/**
 * (c) DuckDB: read_json / read_csv over the batch's list of files with filename=true, COPY to
 * Parquet zstd. JSON: a first pass detects the structure over every row of every file
 * (sample_size=-1, so no key is dropped; map_inference_threshold=-1, else an object whose keys are
 * sparse becomes a MAP and the batch fails), then the files are read with that structure and every
 * leaf as VARCHAR (DuckDB's JSON text of the value, so no string is taken for a date). CSV: the
 * dialect is given, as parse-csv knows it per file; DuckDB would otherwise sniff the batch's first
 * file and apply it to all (a first file without quotes made `""` land as two quote characters).
 */
async function duckdb(batch: string[], out: string, ctx: BatchContext): Promise<void> {
  const conn = ctx.duck!;
  const list = `[${batch.map(q).join(', ')}]`;
  let select: string;
  if (ctx.format === 'csv') {
    select = `SELECT * EXCLUDE (filename), filename AS ${FILE_COLUMN} FROM read_csv(${list}, filename = true, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false)`;
  } else {
    const detected = await conn.run(
      `SELECT * FROM read_json(${list}, format = 'newline_delimited', records = true, sample_size = -1, maximum_sample_files = ${batch.length}, map_inference_threshold = -1) LIMIT 0`,
    );
    const names = detected.columnNames();
    const types = detected.columnTypes();
    const spec = names.map((n, i) => `${ident(n)}: ${q(readType(types[i]!, 0))}`).join(', ');
    const cols = names.flatMap((n, i) => flatColumns([n], types[i]!, 0));
    select = `SELECT ${cols.join(', ')}, filename AS ${FILE_COLUMN} FROM read_json(${list}, format = 'newline_delimited', records = true, filename = true, columns = {${spec}})`;
  }
  await conn.run(`COPY (${select}) TO ${q(out)} (FORMAT parquet, COMPRESSION zstd)`);
}

export const RUN_BATCH: Record<Variant, (batch: string[], out: string, ctx: BatchContext) => Promise<void>> = {
  'polars-scan': polarsScan,
  'polars-concat': polarsConcat,
  duckdb,
};
