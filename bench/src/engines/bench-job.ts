import type { CanonicalColumn } from '../verify/canonical-columns.ts';

export type EngineName = 'sluice' | 'polars' | 'duckdb';

/** The same job, as each engine is told it: land these files as Parquet zstd with audit columns. */
export interface BenchJob {
  format: 'csv' | 'jsonl';
  /** The folder holding the input files (for an S3 job: the local copy that was uploaded). */
  folder: string;
  /** A glob relative to `folder` (or to the S3 prefix) that matches exactly the input files. */
  pattern: string;
  /** For a single-file job: the file (peers read it directly). */
  file?: string;
  /** Read the files from this bucket instead of `folder`. */
  s3?: S3Location;
}

/** Where an S3 job's files are, and the names of the credentials Sluice resolves to reach them. */
export interface S3Location {
  endpoint: string;
  region: string;
  bucket: string;
  /** Key prefix the files were uploaded under, e.g. `w2/`. */
  prefix: string;
  /** Credential names (looked up in the store, then in the environment of `sluice run`). */
  accessKeyIdName: string;
  secretAccessKeyName: string;
}

/** One line of the table: a workload variant that every engine in `engines` runs. */
export interface BenchCase {
  workload: string;
  /** `W1 gzip`, `W2 folder`, ... */
  label: string;
  job: BenchJob;
  engines: EngineName[];
  rows: number;
  files: number;
  /** Uncompressed input bytes: the basis of MB/s. */
  rawBytes: number;
  /** Bytes as read from disk (compressed size, where compressed). */
  inputBytes: number;
  canonical: CanonicalColumn[];
  /**
   * Check every output against the input files themselves (read by DuckDB from `job.folder`), for
   * a case that no peer runs: there is no other output to agree with.
   */
  verifyAgainstInput?: boolean;
  /** Why peers are missing from this case, for the report. */
  note?: string;
  /**
   * Sluice through a PostgreSQL store, its run executed by one of this many `sluice worker`
   * processes (engines/sluice-workers.ts), instead of `sluice run` on SQLite.
   */
  workers?: number;
}

/** What one engine run left behind, before verification. */
export interface EngineRun {
  engine: EngineName;
  seconds: number;
  peakRss: number;
  /** User plus system CPU seconds, where measured. */
  cpuSeconds?: number;
  /** A glob of the Parquet files it wrote. */
  output: string;
  /** Seconds inside the engine's own job, without process start-up (as the process reported it). */
  jobSeconds?: number;
  /** The 1-minute load average when the run ended, where recorded (the runs through worker processes). */
  load1?: number;
  /** Sluice's run summary, when the engine is Sluice. */
  summary?: SluiceRunSummary;
}

/** The parts of Sluice's run summary that the benchmark reads. */
export interface SluiceRunSummary {
  status: string;
  startedAt: string;
  finishedAt: string;
  files: { processed: number; skipped: number; failed: number };
  rows: number;
  nodes: Record<string, { filesIn: number; filesOut: number; filesSkipped: number; filesFailed: number }>;
  errors: { message: string }[];
}
