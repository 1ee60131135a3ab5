import { open } from 'node:fs/promises';
import { FileError, errorMessage } from '@sluice/sdk';
import type { FileMetadata } from '@sluice/sdk';
import { parquetMetadataAsync, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';

/** Codecs nodejs-polars 0.25.2 decompresses; LZO (deprecated in the format) is not among them. */
const READABLE_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'LZ4', 'LZ4_RAW', 'ZSTD']);

export interface ParquetFooter {
  rows: number;
  /** Top-level column names, in file order (nested fields are inside their column). */
  columns: string[];
  /** Top-level columns of the JSON logical type (UTF-8 text, which polars reads as Binary). */
  jsonColumns: string[];
  /** Top-level columns holding INTERVAL values, alone or nested (polars cannot read them). */
  intervalColumns: string[];
  rowGroups: number;
  /** Distinct codecs of the column chunks, e.g. `['ZSTD']`. */
  codecs: string[];
  createdBy: string | null;
  formatVersion: number;
  size: number;
}

/**
 * Reads and checks a Parquet file's footer without reading its data: both `PAR1` magics, the footer
 * length and the Thrift-encoded FileMetaData (decoded by hyparquet, which reads only the tail of the
 * file). A file that fails here is corrupt or not Parquet; the error names the file and the cause,
 * before any row is scanned.
 */
export async function readParquetFooter(path: string, fileName: string): Promise<ParquetFooter> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 12) throw new FileError(fileName, `not a Parquet file: ${size} bytes, too short for the PAR1 header and footer`);
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (head.toString('latin1') !== 'PAR1') throw new FileError(fileName, `not a Parquet file: it does not start with the PAR1 magic bytes`);
    const tail = Buffer.alloc(8);
    await fh.read(tail, 0, 8, size - 8);
    if (tail.toString('latin1', 4) !== 'PAR1') {
      throw new FileError(fileName, 'corrupt Parquet file: no PAR1 magic at the end (truncated, or still being written)');
    }
    const footerLength = tail.readUInt32LE(0);
    if (footerLength + 12 > size) {
      throw new FileError(fileName, `corrupt Parquet file: footer length ${footerLength} is larger than the file (${size} bytes)`);
    }
    let meta: FileMetaData;
    try {
      meta = await parquetMetadataAsync(fileBuffer(fh, size));
    } catch (err) {
      throw new FileError(fileName, `corrupt Parquet footer: ${errorMessage(err)}`, { cause: err });
    }
    return summarize(meta, size, fileName);
  } finally {
    await fh.close();
  }
}

function fileBuffer(fh: import('node:fs/promises').FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number) {
      const stop = end ?? size;
      const buf = Buffer.alloc(stop - start);
      await fh.read(buf, 0, buf.length, start);
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
    },
  };
}

type SchemaTree = ReturnType<typeof parquetSchema>;
const holdsInterval = (node: SchemaTree): boolean => node.element.converted_type === 'INTERVAL' || node.children.some(holdsInterval);

function summarize(meta: FileMetaData, size: number, fileName: string): ParquetFooter {
  let columns: string[];
  let jsonColumns: string[];
  let intervalColumns: string[];
  try {
    const top = parquetSchema(meta).children;
    columns = top.map((c) => c.element.name);
    jsonColumns = top.filter(({ element: e }) => e.logical_type?.type === 'JSON' || e.converted_type === 'JSON').map((c) => c.element.name);
    intervalColumns = top.filter(holdsInterval).map((c) => c.element.name);
  } catch (err) {
    throw new FileError(fileName, `corrupt Parquet schema: ${errorMessage(err)}`, { cause: err });
  }
  const codecs = new Set<string>();
  for (const rg of meta.row_groups) for (const c of rg.columns) if (c.meta_data) codecs.add(c.meta_data.codec);
  const unreadable = [...codecs].filter((c) => !READABLE_CODECS.has(c));
  if (unreadable.length)
    throw new FileError(fileName, `Parquet codec ${unreadable.join(', ')} is not supported (readable: ${[...READABLE_CODECS].join(', ')})`);
  return {
    rows: Number(meta.num_rows),
    columns,
    jsonColumns,
    intervalColumns,
    rowGroups: meta.row_groups.length,
    codecs: [...codecs].sort(),
    createdBy: meta.created_by ?? null,
    formatVersion: meta.version,
    size,
  };
}

/** The footer as preview metadata. */
export function footerMetadata(f: ParquetFooter): FileMetadata {
  return {
    format: 'parquet',
    rows: f.rows,
    columns: f.columns.length,
    columnNames: f.columns,
    rowGroups: f.rowGroups,
    codec: f.codecs.length ? f.codecs.join(', ') : 'none',
    size: f.size,
    createdBy: f.createdBy,
    formatVersion: f.formatVersion,
  };
}
