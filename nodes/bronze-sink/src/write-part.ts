import type { LazyDataFrame } from 'nodejs-polars';
import { parquetRowCount } from './parquet-row-count.ts';
import type { PartStorage } from './part-storage.ts';

/**
 * Streams a frame into a staged Parquet file (zstd) and publishes it under `path`: polars writes
 * batch by batch, so a file bigger than memory never sits in it. The row count is read back from the
 * written file's footer, not by collecting rows.
 */
export async function writePart(storage: PartStorage, frame: LazyDataFrame, path: string): Promise<{ rows: number; bytes: number }> {
  const staged = await storage.stage(path);
  try {
    // No syncOnClose: `publish` fsyncs the staged file once before the rename.
    await frame.sinkParquet(staged, { compression: 'zstd' }).collect();
    const rows = await parquetRowCount(staged);
    const bytes = await storage.publish(staged, path);
    return { rows, bytes };
  } catch (err) {
    await storage.discard(staged).catch(() => {});
    throw err;
  }
}
