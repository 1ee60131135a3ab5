import { parseArgs } from 'node:util';
import { DEFAULT_SEED, type Scale } from './generate/workload-sizes.ts';

export const WORKLOADS = ['W1', 'W2', 'W3', 'W4', 'W5'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export interface BenchArgs {
  only: WorkloadName[];
  runs: number;
  scale: Scale;
  seed: number;
  workDir: string | undefined;
  /** Where the report is written; by default BENCHMARKS.md for a full run, nowhere for --quick. */
  out: string | undefined;
  /** Run Sluice under `node --cpu-prof`, profiles kept in the work folder. */
  cpuProf: boolean;
  /** W2's cases to run: from the folder (with its peers), from S3, or both. */
  w2Source: W2Source;
  /**
   * How many `sluice worker` processes land W2 and W3's first run through a PostgreSQL store (one
   * measurement per count); W5's burst is measured with 2 of them too. Empty: no PostgreSQL case.
   */
  workers: number[];
}

export const DEFAULT_WORKERS = [1, 2, 4];

export const W2_SOURCES = ['all', 'folder', 's3'] as const;
export type W2Source = (typeof W2_SOURCES)[number];

export const USAGE = `pnpm bench [--only W1,W2] [--runs N] [--quick] [--seed N] [--work-dir DIR] [--out FILE] [--cpu-prof] [--w2 folder|s3]
  --only      workloads to run (W1 CSV plain/gzip/zstd, W2 many JSONL files from a folder and from S3,
              W3 incremental re-run, W4 CSV over 2 GB, W5 bucket event latency). Default: all
  --runs      runs per engine and workload; the median is reported. Default 3 (1 with --quick)
  --quick     small sizes, for a smoke test in seconds
  --seed      generator seed; data is reused across invocations while the seed and version match
  --work-dir  where data and outputs go (default $TMPDIR/sluice-bench; outside the workspace, which runs may not touch)
  --out       the Markdown report (default BENCHMARKS.md at the root; none with --quick)
  --cpu-prof  profile the Sluice runs with node --cpu-prof (kept under the work folder)
  --w2        W2 from the folder only (with its peers) or from S3 only. Default: both
  --workers   W2 and W3's first run through a PostgreSQL store by this many \`sluice worker\` processes
              each, and W5 with 2 of them; 0 or none: skip (also skipped, saying so, when PostgreSQL
              at SLUICE_TEST_POSTGRES_URL or 127.0.0.1:5432 is not reachable). Default: 1,2,4`;

/** Parses the command line; throws with a message naming the bad flag. */
export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'work-dir': { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      w2: { type: 'string', default: 'all' },
      workers: { type: 'string', default: DEFAULT_WORKERS.join(',') },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) throw new Error(USAGE);
  const only = (values.only ?? WORKLOADS.join(','))
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  for (const w of only) {
    if (!(WORKLOADS as readonly string[]).includes(w)) throw new Error(`--only: unknown workload "${w}"; choose from ${WORKLOADS.join(', ')}`);
  }
  const runs = values.runs === undefined ? (values.quick ? 1 : 3) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: "${values.runs}" is not a positive integer`);
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed: "${values.seed}" is not a non-negative integer`);
  const w2Source = values.w2.toLowerCase();
  if (!(W2_SOURCES as readonly string[]).includes(w2Source)) throw new Error(`--w2: unknown source "${values.w2}"; choose folder or s3`);
  return {
    workers: workerCounts(values.workers),
    only: only as WorkloadName[],
    runs,
    scale: values.quick ? 'quick' : 'full',
    seed,
    workDir: values['work-dir'],
    out: values.out,
    cpuProf: values['cpu-prof'],
    w2Source: w2Source as W2Source,
  };
}

/** `--workers 1,2,4`: distinct positive counts in the order given; `0` or `none` for none. */
export function workerCounts(flag: string): number[] {
  const text = flag.trim().toLowerCase();
  if (text === '0' || text === 'none') return [];
  const counts = text.split(',').map((s) => Number(s.trim()));
  for (const [i, n] of counts.entries()) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`--workers: "${text.split(',')[i]!.trim()}" is not a positive integer (0 or none: no PostgreSQL case)`);
  }
  return [...new Set(counts)];
}
