import { dirname } from 'node:path';
import { namingNoSpace } from '@sluice/sdk';
import { col } from '@sluice/sdk/polars';
import pl, { type LazyDataFrame } from 'nodejs-polars';
import { parquetRowCount } from './parquet-row-count.ts';
import type { PartStorage } from './part-storage.ts';

/**
 * Streams a frame into a staged Parquet file (zstd) and holds it under `path`'s pending name
 * (durable, matched by no `*.parquet` glob; `publish` gives it its final name once the commit has
 * recorded it, so a reader listing the folder never sees it uncommitted): polars writes batch by batch, so a file bigger than memory never sits in it. The row count is read back from the
 * written file's footer, not by collecting rows, which also proves the file whole.
 *
 * A full disk is named as such (ENOSPC and the staged file's path), whatever polars said: its native
 * writer words the errno its own way, or not at all (a footer it failed to write shows only as
 * "Invalid thrift" when read back), so the free space is asked before the staged file is removed.
 */
export async function writePart(
  storage: PartStorage,
  frame: LazyDataFrame,
  path: string,
  opts: { countBy?: string } = {},
): Promise<{ rows: number; bytes: number; counts?: Map<string, number> }> {
  const staged = await storage.stage(path);
  let rows: number;
  let counts: Map<string, number> | undefined;
  try {
    // No syncOnClose: `hold` fsyncs the staged file once.
    await frame.sinkParquet(staged, { compression: 'zstd' }).collect();
    rows = await parquetRowCount(staged);
    // A part of several files: each file's rows, read back from what was written (one column).
    if (opts.countBy) counts = await countsBy(staged, opts.countBy);
  } catch (err) {
    const named = await namingNoSpace(err, staged, dirname(staged));
    await storage.discard(staged).catch(() => {});
    throw named;
  }
  try {
    return { rows, bytes: await storage.hold(staged, path), ...(counts ? { counts } : {}) };
  } catch (err) {
    // Its errno is Node's own here (fsync, or an upload's error): no guessing from free space.
    await storage.discard(staged).catch(() => {});
    throw await namingNoSpace(err, staged);
  }
}

async function countsBy(path: string, column: string): Promise<Map<string, number>> {
  // `col`, not the column's name: nodejs-polars would wrap the name in an `Expr` (~2 CPU ms each).
  const df = await pl.scanParquet(path).groupBy(col(column)).len('n').collect();
  const keys = df.getColumn(column).toArray() as string[];
  const n = df.getColumn('n').toArray() as number[];
  return new Map(keys.map((k, i) => [k, Number(n[i])]));
}
