import type { EngineRun } from '../engines/bench-job.ts';
import type { CaseResult } from '../run-case.ts';
import type { IncrementalResult } from '../run-incremental.ts';
import { median } from '../stats.ts';

const MiB = 2 ** 20;

/** One line of the workers table: a first run of W2 or W3, on SQLite or through `sluice worker` processes. */
export interface ScalingRow {
  label: string;
  /** `SQLite, sluice run`, `PostgreSQL, 2 workers`. */
  how: string;
  files: number;
  rows: number;
  runs: EngineRun[];
  verified: boolean;
}

/**
 * The rows of the workers table: W2 folder's and W3's first run as a single `sluice run` on SQLite
 * (from the cases already measured), then the same through `sluice worker` processes.
 */
export function scalingRows(cases: CaseResult[], incremental: IncrementalResult | undefined, workerCases: CaseResult[]): ScalingRow[] {
  const sqlite: ScalingRow[] = [];
  const w2 = cases.find((c) => c.benchCase.label === 'W2 folder');
  if (w2)
    sqlite.push(
      rowOf(
        w2,
        'W2 folder',
        'SQLite, one `sluice run`',
        w2.runs.filter((r) => r.engine === 'sluice'),
      ),
    );
  if (incremental?.first.length) {
    const d = incremental.data;
    sqlite.push({
      label: 'W3 first run',
      how: 'SQLite, one `sluice run`',
      files: d.files,
      rows: d.rows,
      runs: incremental.first,
      verified: incremental.verdict.ok,
    });
  }
  const pg = workerCases.map((c) => rowOf(c, c.benchCase.label.replace(/, \d+ workers?$/, ''), `PostgreSQL, ${c.benchCase.workers} \`sluice worker\``, c.runs));
  // Each workload's SQLite line first, then its worker counts.
  return [...sqlite, ...pg].sort((a, b) => a.label.localeCompare(b.label) || Number(b.how.startsWith('SQLite')) - Number(a.how.startsWith('SQLite')));
}

function rowOf(c: CaseResult, label: string, how: string, runs: EngineRun[]): ScalingRow {
  return { label, how, files: c.benchCase.files, rows: c.benchCase.rows, runs, verified: c.verdict.ok };
}

const fmt = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const med = (runs: EngineRun[], f: (r: EngineRun) => number | undefined) => {
  const v = runs.map(f).filter((x): x is number => x !== undefined);
  return v.length ? median(v) : undefined;
};

/** W2 and W3's first run with 1, 2, 4 ... worker processes beside the single-process figures, and what they mean. */
export function workersTable(rows: ScalingRow[], cores: number): string {
  const lines = [
    '| First run | Store, processes | Runs | Seconds | In-job s | CPU s | Files/s | Rows/s | Peak RSS MiB | Load (1 min) after each run | Verified |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const seconds = med(r.runs, (x) => x.seconds);
    const load = r.runs.map((x) => x.load1).filter((l): l is number => l !== undefined);
    lines.push(
      `| ${r.label} (${r.files} files) | ${r.how} | ${r.runs.length} | ${fmt(seconds)} | ${fmt(med(r.runs, (x) => x.jobSeconds))} | ${fmt(med(r.runs, (x) => x.cpuSeconds))} | ${fmt(seconds && r.files / seconds, 0)} | ${fmt(seconds && r.rows / seconds, 0)} | ${fmt((med(r.runs, (x) => x.peakRss) ?? NaN) / MiB, 0)} | ${load.length ? load.map((l) => l.toFixed(1)).join(', ') : '–'} | ${r.runs.length === 0 ? 'failed' : r.verified ? 'yes' : '**NO**'} |`,
    );
  }
  return [
    lines.join('\n'),
    `Several processes on one PostgreSQL store (${cores} CPUs, \`os.availableParallelism()\`; the PostgreSQL server runs on the same cores): the same W2 folder and W3 files, ` +
      'one run of the same graph queued by this process (a run service that executes none, as `sluice serve --workers 0`) and executed by one of N `sluice worker --concurrency 1` processes started before the clock; ' +
      "a fresh database for every run; every output checked against the input files' checksum. Seconds run from the run queued to its end as the store records it " +
      "(the SQLite lines' Seconds are the whole `sluice run` process, its start-up included; In-job s, the run's own start to end, compares the two directly). " +
      "CPU s is the worker processes' together, the PostgreSQL server's not counted (SQLite works inside the `sluice run` process, and is); peak RSS is the largest worker's. " +
      "**One run is one worker's work**: a run's files are not split over workers yet, so one graph's first run cannot go faster with more workers; the other workers only wait for jobs, and " +
      'every extra process (its polling, its connections) takes a share of the same cores the working one and the database use. More workers speed up several runs at once (docs/scaling.md), not one.',
  ].join('\n\n');
}
