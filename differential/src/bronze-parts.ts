import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pl from 'nodejs-polars';
import { duckdbRead, type ReadTable, sqlString } from './duckdb-read.ts';

/** The sink's audit columns, which no source file has. */
export const AUDIT_COLUMNS = ['_source_file', '_source_modified_at', '_ingested_at', '_run_id'];

export interface BronzeParts {
  /** Each landed file's part, by source file name (the source key), as DuckDB reads it, without the audit columns. */
  parts: Map<string, ReadTable>;
  /** Each landed file's part file, by source file name. */
  paths: Map<string, string>;
  /**
   * By source file name, the SQL condition that keeps that file's rows of its part: empty for a part
   * of one file; for a part of several (a batch of small files), its `_source_file` (the file's URI).
   */
  filters: Map<string, string>;
  /** Parts the manifest lists that are not on disk under their listed name (a reader of `*.parquet` would miss them). */
  unpublished: string[];
}

/**
 * Every part `_sluice_manifest.json` lists (the exact snapshot a reader is told to use), read by
 * DuckDB as any reader of the Bronze folder would, and split by the source files it holds. A listed
 * part missing under its name is reported; its staged `.…pending` copy is still read so the values
 * can be compared.
 */
export async function bronzeParts(tableDir: string): Promise<BronzeParts> {
  const manifestPath = join(tableDir, '_sluice_manifest.json');
  // No manifest: nothing landed (every file failed; the run's errors say why).
  const manifest = (existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { parts: [] }) as {
    parts: { path: string; files: { key: string; rows: number }[] }[];
  };
  const parts = new Map<string, ReadTable>();
  const paths = new Map<string, string>();
  const filters = new Map<string, string>();
  const unpublished: string[] = [];
  for (const part of manifest.parts) {
    let path = join(tableDir, part.path);
    if (!existsSync(path)) {
      unpublished.push(part.path);
      path = join(dirname(path), `.${basename(path)}.pending`);
    }
    const source = `read_parquet(${sqlString(path)}, hive_partitioning = false)`;
    // Column names as the part's schema holds them: DuckDB shows an empty name as C<n>, polars as it is.
    const names = pl.scanParquet(path).columns;
    const keep = names.map((name, i) => ({ name, i })).filter((c) => !AUDIT_COLUMNS.includes(c.name));
    const uris = part.files.length > 1 ? await sourceFiles(source) : [];
    for (const file of part.files) {
      // A file without rows (a header alone) shares a part with no row naming it: its table is empty.
      const filter = part.files.length === 1 ? '' : file.rows === 0 ? 'false' : `_source_file = ${sqlString(uriOf(uris, file.key))}`;
      const where = filter ? ` WHERE ${filter}` : '';
      const table = keep.length ? await duckdbRead(`SELECT ${keep.map((c) => `#${c.i + 1}`).join(', ')} FROM ${source}${where}`) : { columns: [], rows: [] };
      table.columns = table.columns.map((c, i) => ({ ...c, name: keep[i]!.name }));
      parts.set(basename(file.key), table);
      paths.set(basename(file.key), path);
      filters.set(basename(file.key), filter);
    }
  }
  return { parts, paths, filters, unpublished };
}

/** The source file URIs a part's rows name. */
async function sourceFiles(source: string): Promise<string[]> {
  return (await duckdbRead(`SELECT DISTINCT _source_file FROM ${source}`)).rows.map((r) => String(r[0]));
}

/** Of a part's source file URIs, the one of `key` (a key relative to the source folder, which the URI's path ends with). */
function uriOf(uris: string[], key: string): string {
  const found = uris.filter((u) => fileURLToPath(u).endsWith(`/${key}`));
  if (found.length !== 1) throw new Error(`the part's rows name ${found.length} source files ending in /${key}: ${uris.join(', ')}`);
  return found[0]!;
}
