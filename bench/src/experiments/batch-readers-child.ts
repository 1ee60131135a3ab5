import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type BatchFormat, newContext, RUN_BATCH, type Variant } from './batch-variants.ts';

/** What the parent asks one child process to do: land every file of the list, `batchSize` at a time. */
export interface BatchJob {
  variant: Variant;
  format: BatchFormat;
  /** A text file with one input path per line. */
  listFile: string;
  batchSize: number;
  outDir: string;
  /** Go on after a failed batch (its files and error are reported) instead of failing the process. */
  keepGoing?: boolean;
}

/** What the child reports: time and CPU inside the job (process.cpuUsage counts every thread of the process). */
export interface BatchJobResult {
  jobSeconds: number;
  jobCpuSeconds: number;
  batches: number;
  failures: { files: string[]; error: string }[];
}

/**
 * `node --import tsx batch-readers-child.ts '<BatchJob JSON>'`: one variant in its own process, so
 * that its CPU (native threads included) and peak RSS are its own. Each batch becomes
 * `<outDir>/batch-NNNNN.parquet`.
 */
async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as BatchJob;
  const files = (await readFile(job.listFile, 'utf8')).split('\n').filter(Boolean);
  await mkdir(job.outDir, { recursive: true });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const duck = job.variant === 'duckdb' ? await (await DuckDBInstance.create(':memory:')).connect() : undefined;
  const ctx = newContext(job.format, duck);
  let batches = 0;
  const failures: BatchJobResult['failures'] = [];
  for (let i = 0; i < files.length; i += job.batchSize, batches++) {
    const out = join(job.outDir, `batch-${String(batches).padStart(5, '0')}.parquet`);
    const batch = files.slice(i, i + job.batchSize);
    try {
      await RUN_BATCH[job.variant](batch, out, ctx);
    } catch (e) {
      if (!job.keepGoing) throw e;
      failures.push({
        files: batch,
        error: String((e as Error).message ?? e)
          .replace(/\s+/g, ' ')
          .slice(0, 300),
      });
      await rm(out, { force: true });
    }
  }
  duck?.closeSync();
  const used = process.cpuUsage(cpu);
  const result: BatchJobResult = { jobSeconds: (performance.now() - started) / 1000, jobCpuSeconds: (used.user + used.system) / 1e6, batches, failures };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
