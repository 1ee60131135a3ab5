import type { CaseResult } from '../run-case.ts';
import type { EventLatencyResult } from '../run-event-latency.ts';
import type { IncrementalResult } from '../run-incremental.ts';
import { median } from '../stats.ts';
import { engineFigures } from './results-table.ts';

export interface GoalCheck {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

/** Peak RSS of W2 (issue 14): under this many MiB, from the folder and from S3. */
const W2_RSS_MIB = 600;

/** The goals of issues 7 and 14, judged on the medians measured. */
export function checkGoals(cases: CaseResult[], incremental: IncrementalResult | undefined, events?: EventLatencyResult): GoalCheck[] {
  const out: GoalCheck[] = [];
  // A case without its own DuckDB run (W2 from S3) is held against DuckDB's run of the same workload.
  const duckdbOf = (workload: string) => {
    const r = cases.find((c) => c.benchCase.workload === workload && c.runs.some((x) => x.engine === 'duckdb'));
    return r && engineFigures(r).find((x) => x.engine === 'duckdb');
  };
  for (const r of cases) {
    const f = new Map(engineFigures(r).map((x) => [x.engine, x]));
    const s = f.get('sluice');
    const label = r.benchCase.label;
    if (!s) {
      out.push({ goal: `${label}: Sluice lands it`, measured: 'Sluice did not finish', met: false });
      continue;
    }
    if (r.benchCase.workload === 'W1') {
      const p = f.get('polars');
      const d = f.get('duckdb');
      if (p) out.push({ goal: `${label}: Sluice / bare polars ≤ 1.10`, measured: (s.seconds / p.seconds).toFixed(2), met: s.seconds / p.seconds <= 1.1 });
      if (d) out.push({ goal: `${label}: Sluice / DuckDB ≤ 0.90`, measured: (s.seconds / d.seconds).toFixed(2), met: s.seconds / d.seconds <= 0.9 });
    }
    if (r.benchCase.workload === 'W2') {
      const own = f.get('duckdb');
      const d = own ?? duckdbOf('W2');
      const files = r.benchCase.files;
      // From S3 the goal is 60% of DuckDB's figure over the folder (DuckDB cannot read S3 here).
      const share = own ? 1 : 0.6;
      const whose = own ? "DuckDB's" : "60% of DuckDB's over the folder";
      if (d)
        out.push({
          goal: `${label}: files/s ≥ ${whose}`,
          measured: `${(files / s.seconds).toFixed(0)} vs ${((share * files) / d.seconds).toFixed(0)}`,
          met: s.seconds * share <= d.seconds,
        });
      out.push({ goal: `${label}: peak RSS under ${W2_RSS_MIB} MiB`, measured: `${s.peakRssMiB.toFixed(0)} MiB`, met: s.peakRssMiB < W2_RSS_MIB });
    }
    if (r.benchCase.workload === 'W4') {
      out.push({
        goal: `${label}: peak RSS under 1 GB (${(r.benchCase.rawBytes / 1e9).toFixed(2)} GB file)`,
        measured: `${((s.peakRssMiB * 2 ** 20) / 1e6).toFixed(0)} MB`,
        met: s.peakRssMiB * 2 ** 20 < 1e9,
      });
    }
  }
  if (incremental) {
    const firstRate = (runs: { seconds: number }[]) => (runs.length ? incremental.data.files / median(runs.map((r) => r.seconds)) : undefined);
    const rateGoal = (goal: string, rate: number | undefined, least: number) =>
      out.push({ goal, measured: rate === undefined ? 'did not finish' : `${rate.toFixed(0)} files/s`, met: rate !== undefined && rate >= least });
    rateGoal(`W3: first run over ${incremental.data.files} tiny files ≥ 1,500 files/s`, firstRate(incremental.first), 1500);
    if (incremental.s3) rateGoal(`W3 from S3: first run ≥ 800 files/s`, firstRate(incremental.s3.first ? [incremental.s3.first] : []), 800);
    const secs = incremental.rerun.length ? median(incremental.rerun.map((r) => r.seconds)) : undefined;
    out.push({
      goal: `W3: re-run over ${incremental.data.files} checkpointed files under 1 s, none opened`,
      measured: secs === undefined ? 'did not finish' : `${secs.toFixed(2)} s, ${incremental.opens ?? '?'} opened`,
      met: secs === undefined ? false : secs < 1 && (incremental.opens ?? 0) === 0 && incremental.verdict.ok,
    });
    const s3 = incremental.s3;
    if (s3) {
      const s3Secs = s3.rerun.length ? median(s3.rerun.map((r) => r.seconds)) : undefined;
      const gets = s3.requests.reduce((n, r) => n + r.GetObject, 0);
      out.push({
        goal: `W3 from S3: re-run over ${incremental.data.files} checkpointed objects under 1 s, none downloaded`,
        measured: s3Secs === undefined ? 'did not finish' : `${s3Secs.toFixed(2)} s, ${gets} downloaded`,
        met: s3Secs === undefined ? false : s3Secs < 1 && gets === 0 && s3.problems.length === 0,
      });
    }
  }
  if (events) {
    const p99 = (pick: (l: EventLatencyResult['sparse']) => { p99: number }) =>
      `one by one ${pick(events.sparse).p99.toFixed(0)} ms, burst of ${events.options.burst} ${pick(events.burst).p99.toFixed(0)} ms`;
    const under = (pick: (l: EventLatencyResult['sparse']) => { p99: number }) => pick(events.sparse).p99 < 100 && pick(events.burst).p99 < 100;
    out.push({ goal: 'W5 p99 event-to-start < 100 ms (event → its run running)', measured: p99((l) => l.toRunStarted), met: under((l) => l.toRunStarted) });
    out.push({
      goal: 'W5 p99 event → file picked up by a run < 100 ms (the same goal, read strictly)',
      measured: p99((l) => l.toPickedUp),
      met: under((l) => l.toPickedUp),
    });
    const landed = events.burst.toRowsLanded.p99;
    out.push({ goal: `W5 burst of ${events.options.burst}: p99 event → rows landed < 1.5 s`, measured: `${(landed / 1000).toFixed(2)} s`, met: landed < 1500 });
  }
  return out;
}
