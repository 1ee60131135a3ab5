import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineRun } from './engines/bench-job.ts';
import { runSluice } from './engines/sluice-engine.ts';

export interface StartupResult {
  runs: EngineRun[];
}

/**
 * Sluice's fixed cost per `sluice run`: the same graph over an empty folder (process start, module
 * loading, plugin discovery, store open, planning, and the run's bookkeeping, with no file at all).
 * Every workload's wall time includes it once.
 */
export async function runStartup(ctx: { outRoot: string; runs: number; log(line: string): void }): Promise<StartupResult> {
  const runs: EngineRun[] = [];
  for (let r = 0; r < ctx.runs; r++) {
    const dir = join(ctx.outRoot, 'startup', `run-${r + 1}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'empty'), { recursive: true });
    try {
      const run = await runSluice(
        { format: 'csv', folder: join(dir, 'empty'), pattern: '*.csv' },
        { dataDir: join(dir, 'data'), bronzeRoot: join(dir, 'bronze'), workDir: dir },
      );
      runs.push(run);
      ctx.log(`  start-up run ${r + 1}: ${run.seconds.toFixed(2)} s, ${(run.peakRss / 2 ** 20).toFixed(0)} MB (in-job ${run.jobSeconds?.toFixed(2)} s)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { runs };
}
