import { describe, expect, it } from 'vitest';
import type { BenchCase, EngineRun } from '../engines/bench-job.ts';
import type { CaseResult } from '../run-case.ts';
import type { IncrementalResult } from '../run-incremental.ts';
import { scalingRows, workersTable } from './workers-table.ts';

const run = (seconds: number, load1?: number): EngineRun => ({
  engine: 'sluice',
  seconds,
  jobSeconds: seconds - 0.5,
  cpuSeconds: seconds,
  peakRss: 200 * 2 ** 20,
  output: '',
  load1,
});

function result(label: string, runs: EngineRun[], workers?: number): CaseResult {
  const benchCase = { workload: label.slice(0, 2), label, engines: ['sluice'], files: 2000, rows: 1_000_000, workers } as unknown as BenchCase;
  return { benchCase, runs: runs as CaseResult['runs'], failures: [], verdict: { ok: true, problems: [] } };
}

describe('the workers table', () => {
  const w3 = {
    data: { dir: '', glob: '', files: 10_000, rows: 50_000, rawBytes: 0 },
    first: [run(10)],
    rerun: [],
    verdict: { ok: true, problems: [] },
  } as unknown as IncrementalResult;
  const rows = scalingRows([result('W2 folder', [run(20), run(10), run(12)])], w3, [
    result('W2 folder, 1 worker', [run(25, 1.5)], 1),
    result('W2 folder, 2 workers', [run(40, 2.25)], 2),
    result('W3 first run, 2 workers', [run(50, 3)], 2),
  ]);

  it('puts each workload on SQLite first, then its worker counts in order', () => {
    expect(rows.map((r) => `${r.label} | ${r.how}`)).toEqual([
      'W2 folder | SQLite, one `sluice run`',
      'W2 folder | PostgreSQL, 1 `sluice worker`',
      'W2 folder | PostgreSQL, 2 `sluice worker`',
      'W3 first run | SQLite, one `sluice run`',
      'W3 first run | PostgreSQL, 2 `sluice worker`',
    ]);
  });

  it('reports medians, files/s, rows/s, the load after each run and the CPU count', () => {
    const text = workersTable(rows, 2);
    expect(text).toContain('| W2 folder (2000 files) | SQLite, one `sluice run` | 3 | 12.00 | 11.50 | 12.00 | 167 | 83333 | 200 | – | yes |');
    expect(text).toContain('| W2 folder (2000 files) | PostgreSQL, 2 `sluice worker` | 1 | 40.00 | 39.50 | 40.00 | 50 | 25000 | 200 | 2.3 | yes |');
    expect(text).toContain('| W3 first run (10000 files) | SQLite, one `sluice run` | 1 | 10.00 |');
    expect(text).toContain('(2 CPUs, `os.availableParallelism()`');
    expect(text).toContain("**One run is one worker's work**");
  });

  it('says a count whose runs all failed failed', () => {
    expect(workersTable(scalingRows([], undefined, [result('W2 folder, 4 workers', [], 4)]), 2)).toContain('| 0 | – | – | – | – | – | – | – | failed |');
  });
});
