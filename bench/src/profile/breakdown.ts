import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateW1 } from '../generate/generate-workloads.ts';
import { DEFAULT_SEED, SIZES } from '../generate/workload-sizes.ts';
import { runMeasured } from '../measure/run-measured.ts';
import { median } from '../stats.ts';

/**
 * `tsx bench/src/profile/breakdown.ts [runs]`: where W1's time goes, step by step, each step in its
 * own process (median of `runs`): reading, each decompressor (node, CLI), CSV parsing as text and
 * with type inference, Parquet encoding with and without zstd, and the fsync the sink asks for.
 */
const runs = Number(process.argv[2] ?? 3);
const work = fileURLToPath(new URL('../../work', import.meta.url));
const w1 = await generateW1(join(work, `w1-${SIZES.full.w1Rows}`), SIZES.full.w1Rows, DEFAULT_SEED);
const job = fileURLToPath(new URL('./breakdown-job.mjs', import.meta.url));
const out = join(work, 'breakdown.out');

const steps: { name: string; cmd: string[] }[] = [
  { name: 'read plain (page cache)', cmd: [process.execPath, job, 'read', w1.plain] },
  { name: 'gunzip, node zlib stream', cmd: [process.execPath, job, 'gunzip-node', w1.gzip!] },
  { name: 'gunzip, gzip -dc', cmd: ['sh', '-c', `gzip -dc '${w1.gzip}' > /dev/null`] },
  { name: 'unzstd, zstd-napi stream', cmd: [process.execPath, job, 'unzstd-napi', w1.zstd!] },
  { name: 'unzstd, zstd -dc', cmd: ['sh', '-c', `zstd -qdc '${w1.zstd}' > /dev/null`] },
  { name: 'polars parse as text -> IPC', cmd: [process.execPath, job, 'parse-strings-ipc', w1.plain, out] },
  { name: 'polars parse typed -> IPC', cmd: [process.execPath, job, 'parse-typed-ipc', w1.plain, out] },
  { name: 'polars text -> Parquet uncompressed', cmd: [process.execPath, job, 'parquet-strings-uncompressed', w1.plain, out] },
  { name: 'polars text -> Parquet zstd', cmd: [process.execPath, job, 'parquet-strings-zstd', w1.plain, out] },
  { name: 'polars text -> Parquet zstd + fsync', cmd: [process.execPath, job, 'parquet-strings-zstd-fsync', w1.plain, out] },
  { name: 'polars typed -> Parquet zstd', cmd: [process.execPath, job, 'parquet-typed-zstd', w1.plain, out] },
  { name: 'polars text .csv.gz -> Parquet zstd', cmd: [process.execPath, job, 'parquet-strings-zstd', w1.gzip!, out] },
  { name: 'polars text .csv.zst -> Parquet zstd', cmd: [process.execPath, job, 'parquet-strings-zstd', w1.zstd!, out] },
  { name: 'gzip: node gunzip to a spool, then polars (Sluice today, without executor)', cmd: [process.execPath, job, 'gz-spool-then-scan', w1.gzip!, out] },
  { name: 'gzip: gunzip overlapped with polars, 32 MB chunks', cmd: [process.execPath, job, 'gz-chunked-overlap', w1.gzip!, out] },
];

const results = new Map<string, { s: number[]; cpu: number[]; rss: number[] }>();
for (let r = 0; r < runs; r++) {
  for (const step of steps) {
    const m = await runMeasured(step.cmd[0]!, step.cmd.slice(1), { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    if (m.exitCode !== 0) throw new Error(`${step.name}: ${m.stderr}`);
    const e = results.get(step.name) ?? { s: [], cpu: [], rss: [] };
    e.s.push(m.seconds);
    e.cpu.push(m.cpuSeconds ?? Number.NaN);
    e.rss.push(m.peakRss);
    results.set(step.name, e);
  }
}
await rm(out, { force: true });
console.log(`W1 breakdown, ${(w1.rawBytes / 1e6).toFixed(0)} MB CSV, median of ${runs} (whole process: wall seconds, CPU seconds, peak RSS MiB)`);
console.log('| Step | Seconds | CPU s | Peak RSS MiB |\n|---|---:|---:|---:|');
for (const [name, e] of results) console.log(`| ${name} | ${median(e.s).toFixed(2)} | ${median(e.cpu).toFixed(2)} | ${(median(e.rss) / 2 ** 20).toFixed(0)} |`);
