import { open } from 'node:fs/promises';
import { parquetMetadataAsync } from 'hyparquet';

/**
 * The row count of a written Parquet file, from its footer (`num_rows`), read with one or two small
 * reads of the file's tail. Asking polars (`scanParquet(...).select(len())`) gives the same figure
 * but costs ~2.7 ms of CPU per file for its query machinery, noticeable when a run lands thousands
 * of small files.
 */
export async function parquetRowCount(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const meta = await parquetMetadataAsync({
      byteLength: size,
      async slice(start, end = size) {
        const buf = Buffer.alloc(end - start);
        const { bytesRead } = await fh.read(buf, 0, buf.length, start);
        return buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer;
      },
    });
    return Number(meta.num_rows);
  } finally {
    await fh.close();
  }
}
