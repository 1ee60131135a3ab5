import { basename, dirname, join } from 'node:path';
import type { BenchCase, EngineName } from './engines/bench-job.ts';
import { generateW1, generateW2, generateW4, type SingleCsv } from './generate/generate-workloads.ts';
import type { WorkloadSizes } from './generate/workload-sizes.ts';
import { CSV_CANONICAL, JSONL_CANONICAL } from './verify/canonical-columns.ts';

const ALL: EngineName[] = ['sluice', 'polars', 'duckdb'];

function csvCase(workload: string, label: string, data: SingleCsv, file: string, inputBytes: number): BenchCase {
  return {
    workload,
    label,
    job: { format: 'csv', folder: dirname(file), pattern: basename(file), file },
    engines: ALL,
    rows: data.rows,
    files: 1,
    rawBytes: data.rawBytes,
    inputBytes,
    canonical: CSV_CANONICAL,
  };
}

/** W1: one ~270 MB CSV, plain, gzip and zstd. */
export async function w1Cases(workDir: string, sizes: WorkloadSizes, seed: number): Promise<BenchCase[]> {
  const d = await generateW1(join(workDir, `w1-${sizes.w1Rows}`), sizes.w1Rows, seed);
  return [
    csvCase('W1', 'W1 plain', d, d.plain, d.rawBytes),
    csvCase('W1', 'W1 gzip', d, d.gzip!, d.gzipBytes!),
    csvCase('W1', 'W1 zstd', d, d.zstd!, d.zstdBytes!),
  ];
}

/** W2: many small JSON Lines files from a folder. */
export async function w2Cases(workDir: string, sizes: WorkloadSizes, seed: number): Promise<BenchCase[]> {
  const d = await generateW2(join(workDir, `w2-${sizes.w2Files}x${sizes.w2RowsPerFile}`), sizes.w2Files, sizes.w2RowsPerFile, seed);
  return [
    {
      workload: 'W2',
      label: 'W2 folder',
      job: { format: 'jsonl', folder: d.dir, pattern: d.glob },
      engines: ALL,
      rows: d.rows,
      files: d.files,
      rawBytes: d.rawBytes,
      inputBytes: d.rawBytes,
      canonical: JSONL_CANONICAL,
    },
  ];
}

/** W4: one CSV over 2 GB (at full size); its folder is deleted after its runs. */
export async function w4Case(dir: string, sizes: WorkloadSizes, seed: number): Promise<BenchCase> {
  const d = await generateW4(dir, sizes.w4Rows, seed);
  return csvCase('W4', 'W4 plain', d, d.plain, d.rawBytes);
}
