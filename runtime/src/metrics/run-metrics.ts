import { finishedRunStatusSchema } from '@sluice/sdk/wire';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { RunObserver } from '../runs/run-observer.ts';

/** From a second to two hours: a run lists, reads and lands files, from one small file to a backfill. */
export const RUN_DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];

const FILE_OUTCOMES = ['processed', 'skipped', 'failed'] as const;

/** From a millisecond to ten seconds: a batch's transaction, from SQLite in process to a busy PostgreSQL across a network. */
export const COMMIT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * The counters of the runs this process executes, registered on `registry`, and the observer that
 * feeds them (handed to RunService). Every label value starts at zero, so that `rate()` and
 * `increase()` see the first run; labels never hold a graph id or name (unbounded, and the
 * metrics say nothing of what the graphs are).
 */
export function runMetrics(registry: Registry): Required<RunObserver> {
  const registers = [registry];
  const claims = new Counter({ name: 'sluice_run_claims_total', help: 'Runs this process claimed from the queue and started executing', registers });
  const finished = new Counter({
    name: 'sluice_runs_finished_total',
    help: 'Runs this process executed to their end, by final status',
    labelNames: ['status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'sluice_run_duration_seconds',
    help: 'Time from claim to end of the runs this process executed, by final status',
    labelNames: ['status'] as const,
    buckets: RUN_DURATION_BUCKETS,
    registers,
  });
  const files = new Counter({
    name: 'sluice_files_total',
    help: 'Source files of the runs this process executes, by outcome, as each settles',
    labelNames: ['outcome'] as const,
    registers,
  });
  const rows = new Counter({
    name: 'sluice_rows_total',
    help: 'Rows the runs this process executes committed, as each file settles',
    registers,
  });
  const commits = new Histogram({
    name: 'sluice_commit_duration_seconds',
    help: 'Time of each transaction recording a batch of settled files (Bronze manifest rows, checkpoints) of the runs this process executes',
    buckets: COMMIT_BUCKETS,
    registers,
  });
  const takeovers = new Counter({
    name: 'sluice_run_takeovers_total',
    help: 'Runs this process claimed again after the worker that had them lost them',
    registers,
  });
  const lost = new Counter({
    name: 'sluice_runs_lost_total',
    help: 'Runs this process held and lost to another worker (paused or cut off past its heartbeat): their commits were refused',
    registers,
  });
  for (const status of finishedRunStatusSchema.options) {
    finished.inc({ status }, 0);
    duration.zero({ status });
  }
  for (const outcome of FILE_OUTCOMES) files.inc({ outcome }, 0);

  return {
    claimed: () => claims.inc(),
    finished(_run, outcome, durationMs) {
      const status = typeof outcome === 'string' ? outcome : outcome.status;
      finished.inc({ status });
      duration.observe({ status }, durationMs / 1000);
    },
    // Live, not from the run's summary at its end: a run of hours shows its rate while it goes, and
    // the files a run lost to another worker or handed back had landed here all the same.
    fileSettled(status, n) {
      if (status !== 'cancelled') files.inc({ outcome: status });
      if (n > 0) rows.inc(n);
    },
    committed: (_files, ms) => commits.observe(ms / 1000),
    onTakeover: () => takeovers.inc(),
    lost: () => lost.inc(),
  };
}
