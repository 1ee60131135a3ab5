import type { CanonicalColumn } from '../verify/canonical-columns.ts';

export type EngineName = 'sluice' | 'polars' | 'duckdb';

/** The same job, as each engine is told it: land these files as Parquet zstd with audit columns. */
export interface BenchJob {
  format: 'csv' | 'jsonl';
  /** The folder holding the input files. */
  folder: string;
  /** A glob relative to `folder` that matches exactly the input files. */
  pattern: string;
  /** For a single-file job: the file (peers read it directly). */
  file?: string;
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
