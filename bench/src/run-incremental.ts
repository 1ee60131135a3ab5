import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { EngineRun } from './engines/bench-job.ts';
import { runSluice } from './engines/sluice-engine.ts';
import type { IncrementalS3Result } from './run-incremental-s3.ts';
import type { FileSet } from './generate/generate-workloads.ts';
import { CSV_CANONICAL } from './verify/canonical-columns.ts';
import { compareOutputs, type Verdict } from './verify/compare-outputs.ts';
import { csvInputChecksum, type OutputChecksum, outputChecksum } from './verify/output-checksum.ts';

export interface IncrementalResult {
  data: FileSet;
  /** The checksum of the input files themselves, which every output must match. */
  input: OutputChecksum;
  /** First runs: every file processed (per-file overhead of many tiny files). */
  first: EngineRun[];
  /** Re-runs over the same checkpoints: every file must be skipped. */
  rerun: EngineRun[];
  /** Input files opened during one extra re-run, counted with strace; undefined without strace. */
  opens: number | undefined;
  /** The same files from S3 (source-s3), with the re-runs' S3 requests counted; when measured. */
  s3?: IncrementalS3Result;
  verdict: Verdict;
}

export interface IncrementalContext {
  outRoot: string;
  runs: number;
  duck: DuckDBConnection;
  /** strace, when installed: counts the input files a re-run opens. */
  strace?: string;
  /** Where the first run's CPU profile goes (`--cpu-prof`); none when unset. */
  cpuProfDir?: string | undefined;
  log(line: string): void;
}

/**
 * W3: lands every file once, then runs the same graph again over the same store. The re-run must
 * skip every file from the listing's fingerprints alone: no file opened, none processed.
 */
export async function runIncremental(data: FileSet, ctx: IncrementalContext): Promise<IncrementalResult> {
  const job = { format: 'csv' as const, folder: data.dir, pattern: data.glob };
  const input = await csvInputChecksum(join(data.dir, data.glob), CSV_CANONICAL, ctx.duck);
  const first: EngineRun[] = [];
  const rerun: EngineRun[] = [];
  const problems: string[] = [];
  let opens: number | undefined;
  // One first run lands every file (timed too: it is the many-tiny-files case); then `runs`
  // re-runs over the same store, each timed; then one more under strace to count opened files.
  const dir = join(ctx.outRoot, 'W3');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const opts = { dataDir: join(dir, 'data'), bronzeRoot: join(dir, 'bronze'), workDir: dir };
  try {
    const a = await runSluice(job, { ...opts, cpuProfDir: ctx.cpuProfDir });
    problems.push(...(await landedAsInput(data, input, a.output, ctx.duck)));
    first.push(a);
    ctx.log(`  W3 first run: ${a.seconds.toFixed(2)} s, ${a.cpuSeconds?.toFixed(2) ?? '?'} CPU s (${a.summary!.files.processed} processed)`);
    for (let r = 0; r < ctx.runs; r++) {
      const b = await runSluice(job, opts);
      rerun.push(b);
      const s = b.summary!;
      if (s.files.processed !== 0 || s.files.skipped !== data.files) {
        problems.push(`re-run ${r + 1} processed ${s.files.processed} and skipped ${s.files.skipped} of ${data.files} unchanged files`);
      }
      if ((s.nodes.decompress?.filesIn ?? 0) !== 0) problems.push(`re-run ${r + 1} passed ${s.nodes.decompress!.filesIn} files beyond the checkpoint`);
      ctx.log(`  W3 re-run ${r + 1}: ${b.seconds.toFixed(2)} s (${s.files.skipped} skipped, ${s.files.processed} processed)`);
    }
    if (ctx.strace) opens = await countOpens(job, opts, dir, ctx.strace);
  } catch (err) {
    problems.push(`sluice failed: ${(err as Error).message}`);
    ctx.log(`  W3: FAILED ${(err as Error).message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (opens !== undefined && opens > 0) problems.push(`the re-run opened ${opens} input files`);
  return { data, input, first, rerun, opens, verdict: { ok: problems.length === 0, problems } };
}

/** What is wrong with a W3 output, which must hold exactly the input files' rows (landed as text). */
export async function landedAsInput(data: FileSet, input: OutputChecksum, output: string, duck: DuckDBConnection): Promise<string[]> {
  const check = await outputChecksum(output, CSV_CANONICAL, duck);
  return compareOutputs(data.rows, [
    { engine: 'duckdb', check: input },
    { engine: 'sluice', check },
  ]).problems;
}

/** One more, untimed re-run under strace: how many input files did the process open? */
async function countOpens(
  job: { format: 'csv'; folder: string; pattern: string },
  opts: { dataDir: string; bronzeRoot: string; workDir: string },
  dir: string,
  strace: string,
): Promise<number> {
  const trace = join(dir, 'opens.strace');
  await runSluice(job, { ...opts, wrapper: [strace, '-f', '-qq', '-e', 'trace=open,openat', '-o', trace] });
  const lines = (await readFile(trace, 'utf8')).split('\n');
  const prefix = `"${job.folder}/`;
  return lines.filter((l) => l.includes(prefix) && !l.includes('O_DIRECTORY') && !/= -1 /.test(l)).length;
}
