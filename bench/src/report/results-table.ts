import type { EngineName, EngineRun } from '../engines/bench-job.ts';
import type { CaseResult } from '../run-case.ts';
import type { EventLatencyResult } from '../run-event-latency.ts';
import type { IncrementalResult } from '../run-incremental.ts';
import type { IncrementalS3Result } from '../run-incremental-s3.ts';
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
  const notes = results.flatMap((r) => (r.benchCase.note ? [r.benchCase.note] : []));
  return [lines.join('\n'), ...notes].join('\n\n');
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
    ...(r.s3 ? s3Rows(r.s3, r.data.files, { sec, job, rss }) : []),
  ].join('\n');
}

type Cell = (runs: EngineRun[]) => string;

/** W3 from S3: the first run and the re-runs, with the S3 requests of the last re-run. */
function s3Rows(s3: IncrementalS3Result, files: number, f: { sec: Cell; job: Cell; rss: Cell }): string[] {
  const ok = s3.problems.length === 0 ? 'yes' : '**NO**';
  const first = s3.first ? [s3.first] : [];
  const last = s3.rerun.at(-1)?.summary;
  const req = s3.requests.at(-1);
  const requests = req ? `${req.GetObject} downloaded (GetObject; ListObjectsV2 ${req.ListObjectsV2}, HeadObject ${req.HeadObject})` : '–';
  return [
    `| first run from S3 (${files} objects) | ${f.sec(first)} | ${f.job(first)} | ${s3.first ? fmt(files / s3.first.seconds, 0) : '–'} | ${f.rss(first)} | ${s3.first?.summary?.files.skipped ?? '–'} | ${s3.first?.summary?.files.processed ?? '–'} | | ${ok} |`,
    `| re-run from S3 | ${f.sec(s3.rerun)} | ${f.job(s3.rerun)} | | ${f.rss(s3.rerun)} | ${last?.files.skipped ?? '–'} | ${last?.files.processed ?? '–'} | ${requests} | ${ok} |`,
  ];
}

/** W5: latencies of bucket events, one by one and in a burst, with how they were taken. */
export function eventLatencyTable(r: EventLatencyResult): string {
  const o = r.options;
  const ms = (p: { p50: number; p95: number; p99: number; max: number }) => `${fmt(p.p50, 0)} | ${fmt(p.p95, 0)} | ${fmt(p.p99, 0)} | ${fmt(p.max, 0)}`;
  const row = (name: string, l: EventLatencyResult['sparse']) =>
    `| ${name} | ${l.toRunStarted.count} | ${l.runs} | ${l.fed} | ${ms(l.toRunStarted)} | ${ms(l.toPickedUp)} | ${ms(l.toRowsLanded)} |`;
  const where = o.workers ? `, PostgreSQL, ${o.workers} workers` : '';
  return [
    `| W5 event latency${where}, ms | Events | Runs | Fed to a running run | Run running p50 | p95 | p99 | max | Picked up p50 | p95 | p99 | max | Rows landed p50 | p95 | p99 | max |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    row(`one by one (${o.sparse} uploads)`, r.sparse),
    row(`burst (${o.burst} uploads, ${o.concurrency} at a time)`, r.burst),
    '',
    `W5${where}: Ceph RGW POSTs each object-created event to a Sluice runtime (\`POST /api/events/s3\`, per-graph concurrency ${o.perGraph}) whose graph source-s3 → checkpoint → parse-csv → bronze-sink it starts; ` +
      (o.workers
        ? `here the runtime only takes the events and queues their runs (\`--workers 0\`, a PostgreSQL store) and ${o.workers} \`sluice worker\` processes execute them, whose running run takes the keys of later events through the store (its key feed opened there; events that came before it opened join it from the runs they queued); `
        : '') +
      "one measurement (percentiles over its events, nearest rank), from the runtime's store. From the event received: *run running* is when the run taking it is running (0 for an event fed to a run already going); " +
      "*picked up* is when a run takes its file (the run's start, or when the running run's source took the fed key); *rows landed* is the commit of its rows to Bronze. " +
      `Burst: the uploads took ${fmt(r.burstUploadMs / 1000)} s; every file had landed ${fmt(r.burstLandedMs / 1000)} s after the first (${fmt(o.burst / (r.burstLandedMs / 1000), 0)} files/s).`,
  ].join('\n');
}
