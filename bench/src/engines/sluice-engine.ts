import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type RunRow } from '@sluice/store';
import { ensureBuiltCli } from '@sluice/runtime/cli-build';
import { briefError } from '../measure/brief-error.ts';
import { runMeasured } from '../measure/run-measured.ts';
import type { BenchJob, EngineRun, SluiceRunSummary } from './bench-job.ts';
import { sluiceGraph } from './sluice-graph.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/**
 * The CLI entry: the `sluice` command (runtime/bin/sluice.mjs, plain node on the built runtime/dist).
 * SLUICE_BENCH_CLI points the benchmark at another entry; one in TypeScript runs through tsx.
 */
const CLI = process.env.SLUICE_BENCH_CLI ?? join(REPO_ROOT, 'runtime/bin/sluice.mjs');
let built = false;

export interface SluiceRunOptions {
  /** The runtime's data folder (SQLite store, checkpoints); reuse it to run again incrementally. */
  dataDir: string;
  bronzeRoot: string;
  /** Folder for the graph file. */
  workDir: string;
  parseConfig?: Record<string, unknown>;
  /** Write a V8 CPU profile of the run into this folder. */
  cpuProfDir?: string;
  /** A command the run is started under, e.g. `['strace', '-f', ...]` to count file opens. */
  wrapper?: string[];
}

/**
 * Runs the job through Sluice as a user would: a graph file and `sluice run`, in its own `node`
 * process (the `sluice` command as `pnpm sluice` runs it, without pnpm's wrapper process, so that
 * the peak RSS measured is the process doing the work). The first run builds runtime/dist when it is
 * missing or stale, outside the measured time; each run's own freshness check is measured.
 */
export async function runSluice(job: BenchJob, opts: SluiceRunOptions): Promise<EngineRun> {
  await mkdir(opts.workDir, { recursive: true });
  const graphPath = join(opts.workDir, 'graph.json');
  await writeFile(graphPath, JSON.stringify(sluiceGraph(job, opts.bronzeRoot, opts.parseConfig), null, 2));
  const profile = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const command = [...(opts.wrapper ?? []), ...sluiceCommand(profile), 'run', graphPath, '--data', opts.dataDir];
  const m = await runMeasured(command[0]!, command.slice(1), {
    cwd: REPO_ROOT,
    // The run's boundary, as a deployment sets it: the job's input folder to read, its Bronze root to write.
    env: { ...process.env, SLUICE_ALLOWED_ROOTS: job.folder, SLUICE_OUTPUT_ROOTS: opts.bronzeRoot, SLUICE_LOG_LEVEL: 'warn' },
  });
  const summary = await readRunSummary(m.stdout, opts.dataDir);
  if (m.exitCode !== 0 || !summary || summary.status !== 'succeeded') {
    const why = summary?.errors.map((e) => e.message).join('; ') || briefError(m.stderr) || briefError(m.stdout);
    throw new Error(`sluice run failed (exit ${m.exitCode}${summary ? `, status ${summary.status}` : ''}): ${why}`);
  }
  const jobSeconds = (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000;
  return { engine: 'sluice', seconds: m.seconds, peakRss: m.peakRss, cpuSeconds: m.cpuSeconds, output: `${opts.bronzeRoot}/**/*.parquet`, jobSeconds, summary };
}

/**
 * `node <the sluice CLI>` with `nodeArgs`, to which the command's own arguments are appended. The
 * first call builds runtime/dist when it is missing or stale, so that no measured run builds it.
 */
export function sluiceCommand(nodeArgs: string[] = []): string[] {
  if (!process.env.SLUICE_BENCH_CLI && !built) {
    ensureBuiltCli();
    built = true;
  }
  return [process.execPath, ...(CLI.endsWith('.ts') ? ['--import', 'tsx'] : []), ...nodeArgs, CLI];
}

/**
 * The run's summary as the runtime stored it: `sluice run` prints `run <id> of <file>` first, and
 * the run record (status, times, files, per-node counters) is in the data folder's store.
 */
export async function readRunSummary(stdout: string, dataDir: string): Promise<SluiceRunSummary | undefined> {
  const id = /^run (\S+) of /m.exec(stdout)?.[1];
  if (!id) return undefined;
  const store = openStore({ dataDir });
  try {
    const run = await store.runs.get(id);
    return run && runSummary(run);
  } finally {
    await store.close();
  }
}

/** The parts of a stored run that the benchmark reads. */
export function runSummary(run: RunRow): SluiceRunSummary {
  return {
    status: run.status,
    startedAt: run.startedAt?.toISOString() ?? '',
    finishedAt: run.finishedAt?.toISOString() ?? '',
    files: run.files ?? { processed: 0, skipped: 0, failed: 0 },
    rows: run.rows ?? 0,
    nodes: run.nodes ?? {},
    errors: run.errors,
  };
}
