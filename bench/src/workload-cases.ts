import { basename, dirname, join } from 'node:path';
import type { BenchCase, EngineName } from './engines/bench-job.ts';
import { type FileSet, generateW1, generateW2, generateW4, type SingleCsv } from './generate/generate-workloads.ts';
import type { WorkloadSizes } from './generate/workload-sizes.ts';
import type { S3Server } from '@sluice/testing/s3';
import { S3_KEY_ID_NAME, S3_SECRET_NAME } from './s3/lazy-s3-server.ts';
import { type Uploaded, uploadFolder } from './s3/upload-folder.ts';
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

/**
 * W2 from S3: the folder case's files uploaded (untimed) to a new bucket of the benchmark's S3
 * server, read by Sluice's source-s3. Sluice only: no peer reads S3 here (`duckdbProblem` says
 * why DuckDB cannot), so every output is checked against the input files themselves instead.
 */
export async function w2S3Case(folder: BenchCase, server: S3Server, duckdbProblem: string | undefined): Promise<{ benchCase: BenchCase; upload: Uploaded }> {
  const bucket = await server.newBucket('bench-w2');
  const prefix = 'w2/';
  const upload = await uploadFolder(server, bucket, prefix, folder.job.folder);
  if (upload.files !== folder.files) throw new Error(`W2 s3: ${upload.files} files uploaded from ${folder.job.folder}, expected ${folder.files}`);
  const why = duckdbProblem
    ? `DuckDB reads S3 only through its httpfs extension, downloaded on first use, and here it cannot: ${duckdbProblem}`
    : 'a DuckDB httpfs peer is not built yet';
  return {
    upload,
    benchCase: {
      ...folder,
      label: 'W2 s3',
      job: {
        ...folder.job,
        s3: { endpoint: server.endpoint, region: server.region, bucket, prefix, accessKeyIdName: S3_KEY_ID_NAME, secretAccessKeyName: S3_SECRET_NAME },
      },
      engines: ['sluice'],
      verifyAgainstInput: true,
      note: `W2 s3 is Sluice alone (source-s3 against a local Ceph RGW): ${why}; the bare polars script reads local files only. DuckDB's W2 folder figure is the reference.`,
    },
  };
}

/** W4: one CSV over 2 GB (at full size); its folder is deleted after its runs. */
export async function w4Case(dir: string, sizes: WorkloadSizes, seed: number): Promise<BenchCase> {
  const d = await generateW4(dir, sizes.w4Rows, seed);
  return csvCase('W4', 'W4 plain', d, d.plain, d.rawBytes);
}

/** W3's first run as a case: its tiny CSV files, checked against the input files like W3 itself. */
export function w3FirstRunCase(data: FileSet): BenchCase {
  return {
    workload: 'W3',
    label: 'W3 first run',
    job: { format: 'csv', folder: data.dir, pattern: data.glob },
    engines: ['sluice'],
    rows: data.rows,
    files: data.files,
    rawBytes: data.rawBytes,
    inputBytes: data.rawBytes,
    canonical: CSV_CANONICAL,
    verifyAgainstInput: true,
  };
}

/**
 * A case run by Sluice alone through a PostgreSQL store, once per worker count: the same data and
 * job as `base`, every output checked against the input files themselves (no peer runs here).
 */
export function workersCases(base: BenchCase, counts: number[]): BenchCase[] {
  return counts.map((workers) => ({
    ...base,
    label: `${base.label}, ${workers} worker${workers > 1 ? 's' : ''}`,
    engines: ['sluice'],
    verifyAgainstInput: true,
    note: undefined,
    workers,
  }));
}
