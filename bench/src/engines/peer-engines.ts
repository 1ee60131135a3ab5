import { fileURLToPath } from 'node:url';
import { briefError } from '../measure/brief-error.ts';
import { runMeasured } from '../measure/run-measured.ts';
import type { BenchJob, EngineName, EngineRun } from './bench-job.ts';

const SCRIPTS: Record<'polars' | 'duckdb', string> = {
  polars: fileURLToPath(new URL('../peers/polars-job.mjs', import.meta.url)),
  duckdb: fileURLToPath(new URL('../peers/duckdb-job.mjs', import.meta.url)),
};

/** Runs a peer's job in its own `node` process; the Parquet lands in `outDir/out.parquet`. */
export async function runPeer(engine: Exclude<EngineName, 'sluice'>, job: BenchJob, outDir: string): Promise<EngineRun> {
  const output = `${outDir}/out.parquet`;
  const arg = JSON.stringify({ kind: job.format, input: job.file ?? job.folder, output });
  const m = await runMeasured(process.execPath, [SCRIPTS[engine], arg], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  if (m.exitCode !== 0) throw new Error(`${engine} failed (exit ${m.exitCode}): ${briefError(m.stderr)}`);
  const reported = JSON.parse(m.stdout.trim().split('\n').pop() ?? '{}') as { jobSeconds?: number };
  return { engine, seconds: m.seconds, peakRss: m.peakRss, cpuSeconds: m.cpuSeconds, output, jobSeconds: reported.jobSeconds };
}
