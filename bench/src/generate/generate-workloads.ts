import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CSV_HEADER, csvRows } from './csv-rows.ts';
import { generateCsv } from './generate-csv.ts';
import { jsonlRows } from './jsonl-rows.ts';
import { SeededRandom, deriveSeed } from '@sluice/testing/random';
import { cachedWorkload } from './workload-cache.ts';
import { compressFile } from './write-text.ts';

export interface SingleCsv {
  /** Uncompressed CSV; `.gz` and `.zst` copies sit beside it where made. */
  plain: string;
  gzip?: string;
  zstd?: string;
  rows: number;
  rawBytes: number;
  gzipBytes?: number;
  zstdBytes?: number;
}

export interface FileSet {
  /** The folder the files are in (possibly in subfolders). */
  dir: string;
  /** A glob relative to `dir` that matches exactly the files. */
  glob: string;
  files: number;
  rows: number;
  rawBytes: number;
}

export type Cached<T> = T & { reused: boolean };

/** W1: one CSV, plain, gzip and zstd. */
export async function generateW1(dir: string, rows: number, seed: number): Promise<Cached<SingleCsv>> {
  return cachedWorkload(dir, { workload: 'W1', rows, seed }, async (d) => {
    const plain = join(d, 'orders.csv');
    const rawBytes = await generateCsv(plain, rows, seed);
    const gzip = `${plain}.gz`;
    const zstd = `${plain}.zst`;
    await Promise.all([compressFile(plain, gzip, 'gzip'), compressFile(plain, zstd, 'zstd')]);
    return { plain, gzip, zstd, rows, rawBytes, gzipBytes: (await stat(gzip)).size, zstdBytes: (await stat(zstd)).size };
  });
}

/** W4: one CSV larger than 2 GB at full size, plain only; the caller deletes it after its runs. */
export async function generateW4(dir: string, rows: number, seed: number): Promise<Cached<SingleCsv>> {
  return cachedWorkload(dir, { workload: 'W4', rows, seed }, async (d) => {
    const plain = join(d, 'big.csv');
    return { plain, rows, rawBytes: await generateCsv(plain, rows, seed) };
  });
}

/** W2: many small JSON Lines files with nested objects and arrays. */
export async function generateW2(dir: string, files: number, rowsPerFile: number, seed: number): Promise<Cached<FileSet>> {
  return cachedWorkload(dir, { workload: 'W2', files, rowsPerFile, seed }, async (d) => {
    const data = join(d, 'events');
    await mkdir(data, { recursive: true });
    let rawBytes = 0;
    for (let f = 0; f < files; f++) {
      const text = jsonlRows(new SeededRandom(deriveSeed(seed, f)), f * rowsPerFile + 1, rowsPerFile);
      rawBytes += Buffer.byteLength(text);
      await writeFile(join(data, `events-${String(f).padStart(5, '0')}.jsonl`), text);
    }
    return { dir: data, glob: '*.jsonl', files, rows: files * rowsPerFile, rawBytes };
  });
}

/** W3: many tiny CSV files in 100 subfolders, for the incremental re-run. */
export async function generateW3(dir: string, files: number, rowsPerFile: number, seed: number): Promise<Cached<FileSet>> {
  return cachedWorkload(dir, { workload: 'W3', files, rowsPerFile, seed }, async (d) => {
    const data = join(d, 'tiny');
    let rawBytes = 0;
    for (let f = 0; f < files; f++) {
      const sub = join(data, `d${String(f % 100).padStart(2, '0')}`);
      if (f < 100) await mkdir(sub, { recursive: true });
      const text = CSV_HEADER + csvRows(new SeededRandom(deriveSeed(seed, f)), f * rowsPerFile + 1, rowsPerFile);
      rawBytes += Buffer.byteLength(text);
      await writeFile(join(sub, `f${String(f).padStart(5, '0')}.csv`), text);
    }
    return { dir: data, glob: '**/*.csv', files, rows: files * rowsPerFile, rawBytes };
  });
}
