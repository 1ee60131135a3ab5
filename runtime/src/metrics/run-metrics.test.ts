import type { RunSummary } from '@sluice/engine';
import type { RunRow } from '@sluice/store';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricSamples } from '../../testing/metric-samples.ts';
import { runMetrics } from './run-metrics.ts';

const run = { id: 'run-1', graphId: 'g-1' } as RunRow;

function summary(status: RunSummary['status'], files: RunSummary['files'], rows: number): RunSummary {
  const at = new Date().toISOString();
  return { status, startedAt: at, finishedAt: at, files, rows, nodes: {}, errors: [], warnings: [] };
}

describe('runMetrics', () => {
  it('counts claims, ends by status, durations, and the files and rows of the summaries', async () => {
    const registry = new Registry();
    const observer = runMetrics(registry);
    observer.claimed(run);
    observer.claimed(run);
    // Files and rows count as each file settles, not from the summary at the end.
    for (let i = 0; i < 3; i++) observer.fileSettled('processed', 40);
    observer.fileSettled('skipped', 0);
    observer.fileSettled('cancelled', 0);
    observer.committed(4, 3);
    observer.finished(run, summary('succeeded', { processed: 3, skipped: 1, failed: 0 }, 120), 2500);
    // Ended without a summary (its graph refused): the status and duration only.
    observer.finished(run, 'failed', 40);
    observer.onTakeover(run);
    observer.lost(run);
    expect(Object.fromEntries(metricSamples(await registry.metrics()))).toMatchObject({
      sluice_run_claims_total: 2,
      'sluice_runs_finished_total{status="succeeded"}': 1,
      'sluice_runs_finished_total{status="failed"}': 1,
      'sluice_runs_finished_total{status="cancelled"}': 0,
      'sluice_run_duration_seconds_sum{status="succeeded"}': 2.5,
      'sluice_run_duration_seconds_bucket{le="1",status="succeeded"}': 0,
      'sluice_run_duration_seconds_bucket{le="5",status="succeeded"}': 1,
      'sluice_run_duration_seconds_count{status="failed"}': 1,
      'sluice_files_total{outcome="processed"}': 3,
      'sluice_files_total{outcome="skipped"}': 1,
      'sluice_files_total{outcome="failed"}': 0,
      sluice_rows_total: 120,
      sluice_commit_duration_seconds_count: 1,
      'sluice_commit_duration_seconds_bucket{le="0.0025"}': 0,
      'sluice_commit_duration_seconds_bucket{le="0.005"}': 1,
      sluice_run_takeovers_total: 1,
      sluice_runs_lost_total: 1,
    });
  });

  it('names no graph or run in any label', async () => {
    const registry = new Registry();
    runMetrics(registry).finished(run, summary('cancelled', { processed: 0, skipped: 0, failed: 2 }, 0), 10);
    const text = await registry.metrics();
    expect(text).not.toContain('run-1');
    expect(text).not.toContain('g-1');
  });
});
