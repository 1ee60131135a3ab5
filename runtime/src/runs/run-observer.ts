import type { RunSummary } from '@sluice/engine';
import type { FileOutcome } from '@sluice/sdk';
import type { FinishedRunStatus } from '@sluice/sdk/wire';
import type { RunRow } from '@sluice/store';

/**
 * Hears what the run worker (RunService) does with runs: the metrics (runtime/src/metrics) count
 * from it. Called on the worker's path, so an observer is quick and never throws.
 */
export interface RunObserver {
  /** This worker claimed the queued run and starts executing it. */
  claimed(run: RunRow): void;
  /**
   * The run ended here: with the executor's summary when it got that far, else with its final
   * status alone (its graph refused, or the run broke outside any file). `durationMs` counts from
   * the claim. Not called for a run a stopping runtime put back in the queue.
   */
  finished(run: RunRow, outcome: RunSummary | FinishedRunStatus, durationMs: number): void;
  /** A file of a run executed here settled (landed, left out or failed), with the rows it committed. */
  fileSettled?(status: FileOutcome['status'], rows: number): void;
  /** A batch of settled files of a run executed here was recorded in one transaction, in `ms`. */
  committed?(files: number, ms: number): void;
  /** The run was claimed again after the worker that had it lost it (fenced takeovers call this). */
  onTakeover?(run: RunRow): void;
  /**
   * This worker held the run and lost it: another worker took it over (a commit or the end was
   * refused by the fence). Called instead of `finished`: the run's end is the other worker's.
   */
  lost?(run: RunRow): void;
}
