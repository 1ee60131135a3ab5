import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { BenchCase, EngineName, EngineRun } from './engines/bench-job.ts';
import { runPeer } from './engines/peer-engines.ts';
import { runSluice } from './engines/sluice-engine.ts';
import { runSluiceWorkers } from './engines/sluice-workers.ts';
import { rotate } from './stats.ts';
import { csvInputChecksum, jsonlInputChecksum, type OutputChecksum, outputChecksum } from './verify/output-checksum.ts';
import { compareOutputs, type ReferenceChecksum, type Verdict } from './verify/compare-outputs.ts';

export interface VerifiedRun extends EngineRun {
  check: OutputChecksum;
}

export interface CaseResult {
  benchCase: BenchCase;
  runs: VerifiedRun[];
  /** Engine failures (a crash, a non-zero exit), by engine. */
  failures: { engine: EngineName; message: string }[];
  verdict: Verdict;
}

export interface CaseContext {
  /** Scratch folder for outputs; each run's output is deleted once verified. */
  outRoot: string;
  runs: number;
  duck: DuckDBConnection;
  cpuProfDir?: string;
  log(line: string): void;
}

/**
 * Runs every engine of a case `runs` times, interleaved (run r starts with a different engine, so
 * that a noisy neighbour slows every engine alike), each in its own process with fresh output and
 * state, and verifies each output as soon as it is written.
 */
export async function runCase(c: BenchCase, ctx: CaseContext): Promise<CaseResult> {
  const runs: VerifiedRun[] = [];
  const failures: CaseResult['failures'] = [];
  const slug = c.label.replace(/[^A-Za-z0-9]+/g, '-');
  const reference = c.verifyAgainstInput ? await inputReference(c, ctx.duck) : undefined;
  for (let r = 0; r < ctx.runs; r++) {
    for (const engine of rotate(c.engines, r)) {
      const dir = join(ctx.outRoot, slug, `${engine}-${r + 1}`);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      try {
        const bronzeRoot = join(dir, 'bronze');
        const run =
          engine !== 'sluice'
            ? await runPeer(engine, c.job, dir)
            : c.workers
              ? await runSluiceWorkers(c.job, { workers: c.workers, bronzeRoot, workDir: dir })
              : await runSluice(c.job, { dataDir: join(dir, 'data'), bronzeRoot, workDir: dir, cpuProfDir: ctx.cpuProfDir });
        const check = await outputChecksum(run.output, c.canonical, ctx.duck);
        runs.push({ ...run, check });
        ctx.log(
          `  ${c.label} run ${r + 1} ${engine}: ${run.seconds.toFixed(2)} s, ${(run.peakRss / 2 ** 20).toFixed(0)} MB, ${check.rows} rows, checksum ${check.checksum}`,
        );
      } catch (err) {
        failures.push({ engine, message: (err as Error).message });
        ctx.log(`  ${c.label} run ${r + 1} ${engine}: FAILED ${(err as Error).message}`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  return { benchCase: c, runs, failures, verdict: compareOutputs(c.rows, runs, failures, reference) };
}

/** The checksum of the case's input files themselves (the local copy, for an S3 case). */
async function inputReference(c: BenchCase, duck: DuckDBConnection): Promise<ReferenceChecksum> {
  const glob = join(c.job.folder, c.job.pattern);
  const check = c.job.format === 'csv' ? await csvInputChecksum(glob, c.canonical, duck) : await jsonlInputChecksum(glob, c.canonical, duck);
  if (check.rows !== c.rows) throw new Error(`${c.label}: the input ${glob} holds ${check.rows} rows, expected ${c.rows}`);
  return { name: `the input files'`, checksum: check.checksum };
}
