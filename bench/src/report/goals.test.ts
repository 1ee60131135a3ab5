import { describe, expect, it } from 'vitest';
import type { BenchCase, EngineName } from '../engines/bench-job.ts';
import type { IncrementalResult } from '../run-incremental.ts';
import type { CaseResult } from '../run-case.ts';
import { checkGoals } from './goals.ts';

const MiB = 2 ** 20;

/** A case with one run per engine: seconds and peak RSS in MiB. */
function result(label: string, workload: string, runs: Partial<Record<EngineName, [number, number]>>): CaseResult {
  const engines = Object.keys(runs) as EngineName[];
  const benchCase = { workload, label, engines, files: 2000, rows: 0, rawBytes: 0, inputBytes: 0 } as unknown as BenchCase;
  return {
    benchCase,
    runs: engines.map((engine) => ({ engine, seconds: runs[engine]![0], peakRss: runs[engine]![1] * MiB, output: '' })) as CaseResult['runs'],
    failures: [],
    verdict: { ok: true, problems: [] } as unknown as CaseResult['verdict'],
  };
}

const met = (goals: ReturnType<typeof checkGoals>, start: string) => goals.find((g) => g.goal.startsWith(start))?.met;

describe('the goals of issue 14', () => {
  it('hold W2 from S3 to 60% of DuckDB over the folder, and both W2 cases to 600 MiB', () => {
    const folder = result('W2 folder', 'W2', { sluice: [10, 400], duckdb: [5, 500] });
    const slow = checkGoals([folder, result('W2 s3', 'W2', { sluice: [9, 599] })], undefined);
    expect(met(slow, 'W2 folder: files/s')).toBe(false);
    expect(met(slow, "W2 s3: files/s ≥ 60% of DuckDB's over the folder")).toBe(false); // 9 s x 0.6 = 5.4 s > 5 s
    expect(met(slow, 'W2 s3: peak RSS under 600 MiB')).toBe(true);
    const fast = checkGoals([folder, result('W2 s3', 'W2', { sluice: [8, 601] })], undefined);
    expect(met(fast, "W2 s3: files/s ≥ 60% of DuckDB's over the folder")).toBe(true); // 4.8 s
    expect(met(fast, 'W2 s3: peak RSS under 600 MiB')).toBe(false);
  });

  it('hold W1 to 0.9 of DuckDB and W3 first runs to 1,500 files/s (folder) and 800 (S3)', () => {
    const w1 = checkGoals([result('W1 plain', 'W1', { sluice: [9.5, 1], duckdb: [10, 1], polars: [9, 1] })], undefined);
    expect(met(w1, 'W1 plain: Sluice / DuckDB ≤ 0.90')).toBe(false);
    const incremental = {
      data: { files: 10000 },
      first: [{ seconds: 6 }, { seconds: 7 }, { seconds: 8 }],
      rerun: [],
      opens: 0,
      s3: { first: { seconds: 12 }, rerun: [], requests: [], problems: [] },
      verdict: { ok: true },
    } as unknown as IncrementalResult;
    const w3 = checkGoals([], incremental);
    expect(w3.find((g) => g.goal.startsWith('W3: first run'))).toMatchObject({ measured: '1429 files/s', met: false });
    expect(w3.find((g) => g.goal.startsWith('W3 from S3: first run'))).toMatchObject({ measured: '833 files/s', met: true });
  });
});
