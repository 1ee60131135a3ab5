import { readFile, writeFile } from 'node:fs/promises';
import type { CaseResult } from '../run-case.ts';
import type { EventLatencyResult } from '../run-event-latency.ts';
import type { IncrementalResult } from '../run-incremental.ts';
import type { StartupResult } from '../run-startup.ts';
import { median } from '../stats.ts';
import { RSS_METHOD } from '../measure/run-measured.ts';
import type { GoalCheck } from './goals.ts';
import type { MachineInfo } from './machine-info.ts';
import { eventLatencyProblems } from '../verify/event-latency-problems.ts';
import { casesTable, eventLatencyTable, incrementalTable } from './results-table.ts';
import { scalingRows, workersTable } from './workers-table.ts';

export const BEGIN = '<!-- bench:results:begin (written by pnpm bench; edit outside these markers) -->';
export const END = '<!-- bench:results:end -->';

export interface Report {
  command: string;
  date: Date;
  machine: MachineInfo;
  /** The machine as it was when the benchmark started (its load average then). */
  machineAtStart: MachineInfo;
  runs: number;
  seed: number;
  scale: string;
  cases: CaseResult[];
  incremental: IncrementalResult | undefined;
  eventLatency: EventLatencyResult | undefined;
  /** W2 folder's and W3's first run through a PostgreSQL store, per worker count. */
  workerCases: CaseResult[];
  /** W5 with its runs executed by `sluice worker` processes. */
  eventLatencyWorkers: EventLatencyResult | undefined;
  /** Why the PostgreSQL cases were skipped, when they were. */
  postgresSkipped: string | undefined;
  startup: StartupResult | undefined;
  goals: GoalCheck[];
  /** Workloads that could not be measured at all, with why. */
  errors: string[];
}

/** The generated part of BENCHMARKS.md: machine, date, command, tables, goals and any failure. */
export function renderResults(r: Report): string {
  const parts = [
    `Measured ${r.date.toISOString().replace(/\.\d+Z$/, 'Z')} with \`${r.command}\` (scale ${r.scale}, seed ${r.seed}, median of ${r.runs} run${r.runs > 1 ? 's' : ''} per engine, engines interleaved).`,
    `Machine: ${r.machine.cores} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB memory, Node ${r.machine.node}; 1-minute load average ${r.machineAtStart.load1} at the start and ${r.machine.load1} at the end (above ${r.machine.cores} means other work shared the cores). Seconds are wall-clock for the whole process (start-up included); In-job s is the time inside the engine's own job as the process reported it; CPU s is user + system CPU of the process (steadier than wall time when the machine is shared; polars and DuckDB use both cores, so CPU s can exceed Seconds); peak RSS is ${RSS_METHOD}; MB/s is of uncompressed input (10^6 bytes).`,
  ];
  if (r.startup?.runs.length) {
    const s = r.startup.runs;
    parts.push(
      `Sluice's fixed cost per \`sluice run\` (the same graph over an empty folder: process start, loading the prebuilt CLI, plugin discovery, store, planning): ` +
        `**${median(s.map((x) => x.seconds)).toFixed(2)} s** wall, ${(median(s.map((x) => x.peakRss)) / 2 ** 20).toFixed(0)} MiB peak RSS; every Sluice figure below includes it once.`,
    );
  }
  if (r.cases.length) parts.push(casesTable(r.cases));
  if (r.incremental) parts.push(incrementalTable(r.incremental));
  if (r.eventLatency) parts.push(eventLatencyTable(r.eventLatency));
  const scaling = scalingRows(r.cases, r.incremental, r.workerCases);
  if (r.workerCases.length) parts.push(workersTable(scaling, r.machine.cores));
  if (r.eventLatencyWorkers) parts.push(eventLatencyTable(r.eventLatencyWorkers));
  if (r.postgresSkipped) parts.push(`The PostgreSQL cases (\`sluice worker\` processes) were not measured: ${r.postgresSkipped}.`);
  if (r.goals.length) {
    parts.push(
      [
        '| Goal | Measured | Met |',
        '|---|---|---|',
        ...r.goals.map((g) => `| ${g.goal} | ${g.measured} | ${g.met === undefined ? '–' : g.met ? 'yes' : '**no**'} |`),
      ].join('\n'),
    );
  }
  const failures = [
    ...r.cases.flatMap((c) => c.verdict.problems.map((p) => `${c.benchCase.label}: ${p}`)),
    ...(r.incremental?.verdict.problems.map((p) => `W3: ${p}`) ?? []),
    ...(r.incremental?.s3?.problems.map((p) => `W3 s3: ${p}`) ?? []),
    ...(r.eventLatency ? eventLatencyProblems(r.eventLatency).map((p) => `W5: ${p}`) : []),
    ...r.workerCases.flatMap((c) => c.verdict.problems.map((p) => `${c.benchCase.label}: ${p}`)),
    ...(r.eventLatencyWorkers ? eventLatencyProblems(r.eventLatencyWorkers).map((p) => `W5 with workers: ${p}`) : []),
    ...r.errors,
  ];
  if (failures.length) parts.push(['**Verification failed:**', ...failures.map((f) => `- ${f}`)].join('\n'));
  return parts.join('\n\n');
}

/** Writes the results between the markers, keeping the hand-written analysis around them. */
export async function writeBenchmarksMd(path: string, results: string): Promise<void> {
  const old = await readFile(path, 'utf8').catch(() => '');
  const block = `${BEGIN}\n${results}\n${END}`;
  const start = old.indexOf(BEGIN);
  const end = old.indexOf(END);
  const text = start >= 0 && end > start ? old.slice(0, start) + block + old.slice(end + END.length) : `# Benchmarks\n\n${block}\n${old ? `\n${old}` : ''}`;
  await writeFile(path, text.endsWith('\n') ? text : `${text}\n`);
}
