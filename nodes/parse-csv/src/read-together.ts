import { mkdir, rm, symlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { TableBatch } from '@sluice/sdk';
import pl from 'nodejs-polars';
import type { ParseCsvConfig } from './csv-config.ts';
import { shapeText } from './csv-frame.ts';
import { type CsvTable, csvMetadata } from './csv-table.ts';
import { polarsCause } from './polars-cause.ts';
import type { PreparedCsv } from './prepare-csv.ts';
import { scanOptions } from './scan-options.ts';

/** The column polars names each row's file in; a header holding it is not read together. */
const FILE_COLUMN = '__sluice_read_together_file';

/** Characters polars' glob takes as pattern syntax: a folder whose path holds one is not scanned by glob. */
const GLOB_SYNTAX = /[*?[\]{}]/;

/**
 * The key of the files that can be read together with a file, or null when it is read alone.
 * Read together: small files (whole in the bytes sniffed), scanned in place (UTF-8, no rewrite),
 * without a byte-order mark, of one dialect and one header line, and with text columns only (types
 * are proposed and checked per file). polars reads every file of a scan with one schema, so
 * another header would fail the batch (and split it): files are grouped by header instead.
 */
export function readTogetherKey(prepared: PreparedCsv, config: ParseCsvConfig): string | null {
  const { dialect } = prepared;
  if (!prepared.hasData || !prepared.small || prepared.rewritten || dialect.bom || !config.header || config.inferTypes) return null;
  const header = headerLine(prepared.head, config.skipRows);
  if (header === null || header.includes(FILE_COLUMN)) return null;
  return JSON.stringify([dialect, header]);
}

/** The line after `skip` lines of preamble (raw lines, as polars skips them), or null when there is none. */
function headerLine(head: Buffer, skip: number): string | null {
  const text = head.toString('utf8');
  const lines = text.split(/\r\n|\n|\r/, skip + 2);
  return lines.length > skip ? lines[skip]! : null;
}

/** Whether a file's bytes hold anything after its header line (a data row, or only line ends). */
function holdsRows(prepared: PreparedCsv, skip: number): boolean {
  const lines = prepared.head.toString('utf8').split(/\r\n|\n|\r/);
  return lines.slice(skip + 1).some((l) => l !== '');
}

/** A file read together with others: its rows are its share of the batch's (`TableBatch`). */
export interface TogetherTable extends Omit<CsvTable, 'frame'> {
  batch: TableBatch;
}

/**
 * Reads files that share a key (`readTogetherKey`) in one polars scan, off the main thread, and
 * hands back each file's share of the rows, in order: one native call for a batch of small files
 * instead of one each (issue 14; BENCHMARKS.md "Batch readers": ~0.6 CPU ms per tiny file against
 * ~1.8 alone). The batch's rows stay one frame with a file column (`TableBatch`), so that a sink can
 * write them at once; each file's own rows are the same, value for value, as the file read alone
 * (`csvTable`): the same scan options and the same shaping (`shapeText`) apply, once for the batch.
 *
 * nodejs-polars scans one path or glob, not a list: `dir` (an empty folder of the caller's) gets a
 * symbolic link per file, named by its position, and the scan's file column maps rows back.
 * A failure names no file (any of them may be at fault): the caller reads them alone to find it.
 */
export async function readTogether(files: PreparedCsv[], config: ParseCsvConfig, dir: string): Promise<TogetherTable[]> {
  if (GLOB_SYNTAX.test(dir)) throw new Error(`files cannot be read together under ${dir}: the folder's path holds glob syntax`);
  const { dialect } = files[0]!;
  const links = files.map((_, i) => join(dir, `${String(i).padStart(6, '0')}.csv`));
  let scanned: pl.DataFrame;
  try {
    await mkdir(dir, { recursive: true });
    await Promise.all(files.map((f, i) => symlink(resolve(f.scanPath), links[i]!)));
    scanned = await pl.scanCSV(join(dir, '*.csv'), { ...scanOptions(config, dialect), glob: true, includeFilePaths: FILE_COLUMN }).collect();
  } catch (err) {
    throw new Error(`${files.length} CSV files read together failed: ${polarsCause(err)}`, { cause: err });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const raw = scanned.columns.filter((c) => c !== FILE_COLUMN);
  const input = scanned.lazy();
  const shaped = shapeText(input, raw, config, dialect);
  const df = shaped.frame === input ? scanned : await shaped.frame.collect();
  const rows = df.lazy();

  // Each file's value in the file column, as polars wrote it (the link's path, named by position).
  const found = df.getColumn(FILE_COLUMN).unique().toArray() as string[];
  const keys = new Map(found.map((k) => [Number(basename(k, '.csv')), k]));
  files.forEach((f, i) => {
    // A file the scan gave no rows must have none: a header alone. Anything else would be rows lost.
    if (!keys.has(i) && holdsRows(f, config.skipRows)) {
      throw new Error(`${f.scanPath} gave no rows when read together with ${files.length - 1} other files`);
    }
  });
  return files.map((f, i) => ({
    batch: { rows, fileColumn: FILE_COLUMN, key: keys.get(i) ?? links[i]! },
    columns: shaped.columns,
    metadata: csvMetadata(f, config, shaped.columns),
  }));
}
