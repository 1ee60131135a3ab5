import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseBenchArgs, USAGE } from './bench-args.ts';
import { duckdbHttpfsProblem } from './engines/duckdb-httpfs.ts';
import { REPO_ROOT } from './engines/sluice-engine.ts';
import { generateW3 } from './generate/generate-workloads.ts';
import { dropWorkload } from './generate/workload-cache.ts';
import { SIZES } from './generate/workload-sizes.ts';
import { benchmarkCommand } from './report/bench-command.ts';
import { renderResults, writeBenchmarksMd } from './report/benchmarks-md.ts';
import { checkGoals } from './report/goals.ts';
import { machineInfo } from './report/machine-info.ts';
import { type CaseResult, runCase } from './run-case.ts';
import { type EventLatencyResult, runEventLatency } from './run-event-latency.ts';
import { type IncrementalResult, runIncremental } from './run-incremental.ts';
import { runIncrementalS3 } from './run-incremental-s3.ts';
import { runStartup, type StartupResult } from './run-startup.ts';
import { LazyS3Server } from './s3/lazy-s3-server.ts';
import { eventLatencyProblems } from './verify/event-latency-problems.ts';
import { w1Cases, w2Cases, w2S3Case, w3FirstRunCase, w4Case, workersCases } from './workload-cases.ts';
import { postgresProblem } from './engines/postgres-store.ts';

/** PUTs in flight during W5's burst, and the runtime's per-graph run concurrency there. */
const W5_UPLOAD_CONCURRENCY = 16;
const W5_PER_GRAPH = 1;
/** `sluice worker` processes of W5 on a PostgreSQL store (issue 17: the burst with 2 workers). */
const W5_WORKERS = 2;

/** `pnpm bench`: generates (or reuses) the workloads, runs every engine, verifies, reports. */
/** Generated workloads (kept between runs) and the runs' outputs. */
const DEFAULT_WORK_DIR = join(tmpdir(), 'sluice-bench');

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(argv);
  } catch (err) {
    console.error((err as Error).message === USAGE ? USAGE : `${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  // Outside the workspace: the runtime refuses input and output roots inside its own code (SECURITY.md).
  const workDir = args.workDir ?? DEFAULT_WORK_DIR;
  // Outputs of this invocation only: two invocations at once (a quick one beside a full one) must
  // not delete each other's runs.
  const outRoot = join(workDir, 'out', String(process.pid));
  await mkdir(outRoot, { recursive: true });
  const sizes = SIZES[args.scale];
  const machineAtStart = machineInfo();
  const log = (line: string) => console.log(line);
  const db = await DuckDBInstance.create(':memory:');
  const duck = await db.connect();
  const cpuProfDir = args.cpuProf ? join(workDir, 'profiles') : undefined;
  const cases: CaseResult[] = [];
  let incremental: IncrementalResult | undefined;
  let eventLatency: EventLatencyResult | undefined;
  // Through a PostgreSQL store and `sluice worker` processes: W2 and W3's first run per count, W5 with 2.
  const workerCases: CaseResult[] = [];
  let eventLatencyWorkers: EventLatencyResult | undefined;
  let workerCounts = args.workers;
  let postgresSkipped: string | undefined;
  if (workerCounts.length && args.only.some((w) => w === 'W2' || w === 'W3' || w === 'W5')) {
    postgresSkipped = await postgresProblem();
    if (postgresSkipped) {
      log(`PostgreSQL cases skipped (--workers 0 skips them without asking): ${postgresSkipped}`);
      workerCounts = [];
    }
  }
  // Workloads that could not be measured at all (their S3 server did not start, ...), with why.
  const errors: string[] = [];
  const s3 = new LazyS3Server(log);
  const ctx = { outRoot, runs: args.runs, duck, cpuProfDir, log };
  let startup: StartupResult | undefined;
  const out = args.out ?? (args.scale === 'full' ? join(REPO_ROOT, 'BENCHMARKS.md') : undefined);
  // The report is rewritten after every workload, so that an interrupted run keeps what it measured.
  const report = async (done: boolean): Promise<string> => {
    const text = renderResults({
      command: benchmarkCommand(argv) + (done ? '' : ' (partial results: later workloads not finished)'),
      date: new Date(),
      machine: machineInfo(),
      machineAtStart,
      runs: args.runs,
      seed: args.seed,
      scale: args.scale,
      cases,
      incremental,
      eventLatency,
      workerCases,
      eventLatencyWorkers,
      postgresSkipped,
      startup,
      goals: checkGoals(cases, incremental, eventLatency),
      errors,
    });
    if (out) await writeBenchmarksMd(out, text);
    return text;
  };
  try {
    // W5's runtime is a server started once, not a `sluice run` per job: no start-up to measure for it alone.
    if (args.only.some((w) => w !== 'W5')) {
      log('Sluice start-up: sluice run over an empty folder');
      startup = await runStartup(ctx);
    }
    for (const w of args.only) {
      const t = performance.now();
      if (w !== 'W5') log(`${w}: preparing data`);
      if (w === 'W1') {
        const list = await w1Cases(workDir, sizes, args.seed);
        log(`${w}: data ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        for (const c of list) cases.push(await runCase(c, ctx));
      } else if (w === 'W2') {
        const [folder] = await w2Cases(workDir, sizes, args.seed);
        log(`W2: data ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        if (args.w2Source !== 's3') {
          cases.push(await runCase(folder!, ctx));
          for (const c of workersCases(folder!, workerCounts)) workerCases.push(await runCase(c, ctx));
        }
        if (args.w2Source !== 'folder')
          try {
            const { benchCase, upload } = await w2S3Case(folder!, await s3.get(), await duckdbHttpfsProblem(duck));
            log(
              `W2 s3: ${upload.files} files (${(upload.bytes / 1e6).toFixed(0)} MB) uploaded to s3://${benchCase.job.s3!.bucket}/${benchCase.job.s3!.prefix} in ${upload.seconds.toFixed(1)} s (not timed)`,
            );
            cases.push(await runCase(benchCase, ctx));
          } catch (err) {
            errors.push(`W2 s3 was not measured: ${(err as Error).message}`);
            log(`  W2 s3: FAILED ${(err as Error).message}`);
          }
      } else if (w === 'W3') {
        const data = await generateW3(join(workDir, `w3-${sizes.w3Files}`), sizes.w3Files, sizes.w3RowsPerFile, args.seed);
        incremental = await runIncremental(data, { ...ctx, strace: existsSync('/usr/bin/strace') ? '/usr/bin/strace' : undefined });
        try {
          incremental.s3 = await runIncrementalS3(data, incremental.input, await s3.get(), ctx);
        } catch (err) {
          errors.push(`W3 s3 was not measured: ${(err as Error).message}`);
          log(`  W3 s3: FAILED ${(err as Error).message}`);
        }
        for (const c of workersCases(w3FirstRunCase(data), workerCounts)) workerCases.push(await runCase(c, ctx));
      } else if (w === 'W4') {
        const dir = join(workDir, `w4-${sizes.w4Rows}`);
        try {
          const c = await w4Case(dir, sizes, args.seed);
          log(`W4: ${(c.rawBytes / 1e9).toFixed(2)} GB ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
          cases.push(await runCase(c, ctx));
        } finally {
          await dropWorkload(dir);
        }
      } else {
        const w5 = { sparse: sizes.w5Sparse, burst: sizes.w5Burst, concurrency: W5_UPLOAD_CONCURRENCY, perGraph: W5_PER_GRAPH, log };
        try {
          eventLatency = await runEventLatency(await s3.get(), w5);
          log(`W5: done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        } catch (err) {
          errors.push(`W5 was not measured: ${(err as Error).message}`);
          log(`  W5: FAILED ${(err as Error).message}`);
        }
        if (workerCounts.length)
          try {
            log(`W5 with ${W5_WORKERS} sluice worker processes on PostgreSQL`);
            eventLatencyWorkers = await runEventLatency(await s3.get(), { ...w5, workers: W5_WORKERS });
          } catch (err) {
            errors.push(`W5 with workers was not measured: ${(err as Error).message}`);
            log(`  W5 with workers: FAILED ${(err as Error).message}`);
          }
      }
      if (w !== args.only.at(-1)) await report(false);
    }
  } finally {
    duck.closeSync();
    await s3.stop();
    await rm(outRoot, { recursive: true, force: true });
  }
  const text = await report(true);
  console.log(`\n${text}\n`);
  if (out) log(`written to ${out}`);
  const eventProblems = [eventLatency, eventLatencyWorkers].flatMap((e) => (e ? eventLatencyProblems(e) : []));
  const ok = [...cases, ...workerCases].every((c) => c.verdict.ok) && (incremental?.verdict.ok ?? true) && eventProblems.length === 0 && errors.length === 0;
  if (!ok) console.error('VERIFICATION FAILED: an output differs from its peers or from the input, or a workload could not be measured (see above).');
  return ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
