import type { EngineName } from '../engines/bench-job.ts';
import type { CaseResult } from '../run-case.ts';
import type { IncrementalResult } from '../run-incremental.ts';
import { median } from '../stats.ts';

const MB = 1e6;
const MiB = 2 ** 20;

export interface EngineFigures {
  engine: EngineName;
  runs: number;
  seconds: number;
  jobSeconds: number | undefined;
  cpuSeconds: number | undefined;
  peakRssMiB: number;
}

/** Medians per engine of one case. */
export function engineFigures(result: CaseResult): EngineFigures[] {
  return result.benchCase.engines.flatMap((engine) => {
    const runs = result.runs.filter((r) => r.engine === engine);
    if (!runs.length) return [];
    const jobs = runs.map((r) => r.jobSeconds).filter((s): s is number => s !== undefined);
    const cpu = runs.map((r) => r.cpuSeconds).filter((s): s is number => s !== undefined);
    return [
      {
        engine,
        runs: runs.length,
        seconds: median(runs.map((r) => r.seconds)),
        jobSeconds: jobs.length ? median(jobs) : undefined,
        cpuSeconds: cpu.length ? median(cpu) : undefined,
        peakRssMiB: median(runs.map((r) => r.peakRss)) / MiB,
      },
    ];
  });
}

const fmt = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));

/** One Markdown table for the W1/W2/W4 cases: seconds, throughput, memory, and Sluice's ratios. */
export function casesTable(results: CaseResult[]): string {
  const head = '| Case | Engine | Seconds | In-job s | CPU s | MB/s | Files/s | Peak RSS MiB | ÷ polars | ÷ DuckDB | CPU ÷ polars | CPU ÷ DuckDB | Verified |';
  const rule = '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|';
  const lines = [head, rule];
  for (const r of results) {
    const figs = engineFigures(r);
    const by = new Map(figs.map((f) => [f.engine, f]));
    const c = r.benchCase;
    for (const f of figs) {
      const ratio = (peer: EngineName) => (f.engine === 'sluice' && by.get(peer) ? fmt(f.seconds / by.get(peer)!.seconds) : '');
      const cpuRatio = (peer: EngineName) => {
        const p = by.get(peer)?.cpuSeconds;
        return f.engine === 'sluice' && p && f.cpuSeconds ? fmt(f.cpuSeconds / p) : '';
      };
      const filesPerSec = c.files > 1 ? fmt(c.files / f.seconds, 0) : '';
      lines.push(
        `| ${c.label} | ${f.engine} | ${fmt(f.seconds)} | ${fmt(f.jobSeconds)} | ${fmt(f.cpuSeconds)} | ${fmt(c.rawBytes / MB / f.seconds, 0)} | ${filesPerSec} | ${fmt(f.peakRssMiB, 0)} | ${ratio('polars')} | ${ratio('duckdb')} | ${cpuRatio('polars')} | ${cpuRatio('duckdb')} | ${r.verdict.ok ? 'yes' : '**NO**'} |`,
      );
    }
    for (const fail of r.failures) lines.push(`| ${c.label} | ${fail.engine} | failed | | | | | | | | | | **NO** |`);
  }
  return lines.join('\n');
}

/** W3: the first run over many tiny files, then the re-run that must skip them all. */
export function incrementalTable(r: IncrementalResult): string {
  const sec = (runs: { seconds: number }[]) => (runs.length ? fmt(median(runs.map((x) => x.seconds))) : '–');
  const job = (runs: { jobSeconds?: number }[]) => {
    const j = runs.map((x) => x.jobSeconds).filter((s): s is number => s !== undefined);
    return j.length ? fmt(median(j)) : '–';
  };
  const rss = (runs: { peakRss: number }[]) => (runs.length ? fmt(median(runs.map((x) => x.peakRss)) / MiB, 0) : '–');
  const last = r.rerun.at(-1)?.summary;
  return [
    '| W3 | Seconds | In-job s | Files/s | Peak RSS MiB | Files skipped | Files processed | Input files opened | Verified |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    `| first run (${r.data.files} files) | ${sec(r.first)} | ${job(r.first)} | ${r.first.length ? fmt(r.data.files / median(r.first.map((x) => x.seconds)), 0) : '–'} | ${rss(r.first)} | ${r.first.at(-1)?.summary?.files.skipped ?? '–'} | ${r.first.at(-1)?.summary?.files.processed ?? '–'} | | ${r.verdict.ok ? 'yes' : '**NO**'} |`,
    `| re-run | ${sec(r.rerun)} | ${job(r.rerun)} | | ${rss(r.rerun)} | ${last?.files.skipped ?? '–'} | ${last?.files.processed ?? '–'} | ${r.opens ?? 'not counted (no strace)'} | ${r.verdict.ok ? 'yes' : '**NO**'} |`,
  ].join('\n');
}
