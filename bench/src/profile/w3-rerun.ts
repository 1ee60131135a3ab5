import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSluice } from '../engines/sluice-engine.ts';
import { generateW3 } from '../generate/generate-workloads.ts';
import { DEFAULT_SEED } from '../generate/workload-sizes.ts';
import { median } from '../stats.ts';

/**
 * `tsx bench/src/profile/w3-rerun.ts [--files 10000] [--runs 5] [--cpu-prof] [--work-dir DIR]`:
 * W3's re-run alone, from a folder. The first run lands every file once into a store kept in the
 * work folder (reused by later invocations while the files match), then `runs` re-runs of
 * `sluice run` are timed, each its own process as in `pnpm bench`. With --cpu-prof the re-runs
 * write V8 profiles (read them with print-profile.ts).
 */
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    'cpu-prof': { type: 'boolean', default: false },
    'work-dir': { type: 'string' },
  },
});
const files = Number(values.files);
const runs = Number(values.runs);
const work = values['work-dir'] ?? join(tmpdir(), 'sluice-bench');
const data = await generateW3(join(work, `w3-${files}`), files, 5, DEFAULT_SEED);
const job = { format: 'csv' as const, folder: data.dir, pattern: data.glob };
const dir = join(work, `w3-rerun-${files}`);
const opts = { dataDir: join(dir, 'data'), bronzeRoot: join(dir, 'bronze'), workDir: dir };
if (!existsSync(opts.dataDir)) {
  await mkdir(dir, { recursive: true });
  const first = await runSluice(job, opts);
  console.log(`first run: ${first.seconds.toFixed(2)} s, ${first.summary!.files.processed} processed`);
}
const seconds: number[] = [];
const inRun: number[] = [];
for (let r = 0; r < runs; r++) {
  const run = await runSluice(job, { ...opts, ...(values['cpu-prof'] ? { cpuProfDir: join(dir, 'profiles') } : {}) });
  const s = run.summary!;
  seconds.push(run.seconds);
  inRun.push(run.jobSeconds ?? 0);
  console.log(
    `re-run ${r + 1}: ${run.seconds.toFixed(2)} s, ${run.jobSeconds?.toFixed(2)} s in the run, CPU ${run.cpuSeconds?.toFixed(2)} s, ` +
      `${s.files.skipped} skipped, ${s.files.processed} processed, ${(run.peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
  if (s.files.processed !== 0 || s.files.skipped !== files) throw new Error(`re-run ${r + 1} did not skip every file`);
}
const m = median(seconds);
const j = median(inRun);
console.log(`median of ${runs}: ${m.toFixed(2)} s (${j.toFixed(2)} s in the run; ${((j * 1000) / files).toFixed(3)} ms per skipped file in the run)`);
