import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import type { BenchJob } from '../engines/bench-job.ts';
import { runSluice } from '../engines/sluice-engine.ts';
import { generateW2, generateW3 } from '../generate/generate-workloads.ts';
import { DEFAULT_SEED } from '../generate/workload-sizes.ts';
import { briefError } from '../measure/brief-error.ts';
import { runMeasured } from '../measure/run-measured.ts';
import { median, rotate } from '../stats.ts';
import { CSV_CANONICAL, JSONL_CANONICAL } from '../verify/canonical-columns.ts';
import { csvInputChecksum, jsonlInputChecksum, outputChecksum } from '../verify/output-checksum.ts';
import type { BatchJob, BatchJobResult } from './batch-readers-child.ts';
import { type BatchFormat, FILE_COLUMN, VARIANTS, type Variant } from './batch-variants.ts';
import { compareSums, type ExactSums, exactSums, rowsByFile } from './exact-checksum.ts';
import { writeProbeFiles } from './policy-probe.ts';

/**
 * `tsx bench/src/experiments/batch-readers.ts [--rounds 3] [--sizes 50,200,1000,all] [--only W2,W3]`
 *
 * Issue 14's engine question, measured: lands W2's JSON Lines files and W3's tiny CSV files in
 * batches, one zstd Parquet file per batch with a `_source_file` column, three ways: (a) one
 * nodejs-polars scan per batch with `includeFilePaths`, (b) a polars lazy concat of per-file scans
 * with a literal file column, (c) DuckDB `read_json`/`read_csv` over the batch's list of files,
 * `COPY ... TO` Parquet zstd. All keep Sluice's type policy as far as each engine can (every value
 * text; JSON shaped as parse-json shapes it). Every (variant, batch size) runs in its own process,
 * variants interleaved, for `--rounds` rounds. Every output is checked value for value against the
 * others and against a Bronze table landed by a real `sluice run` of the same files, and with the
 * benchmark's checksum against the input files. A policy probe lists each value an engine lands
 * differently from Sluice. Prints a Markdown report (also written to the work folder).
 */
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '50,200,1000,all' },
    only: { type: 'string', default: 'W2,W3' },
    variants: { type: 'string', default: VARIANTS.join(',') },
    'w3-files': { type: 'string', default: '10000' },
    /** W3 files landed by the Sluice reference run (the `d0?` folders: 100 per folder). */
    'sluice-w3-folders': { type: 'string', default: 'd0?' },
    'work-dir': { type: 'string', default: join(tmpdir(), 'sluice-batch-readers') },
    'skip-probe': { type: 'boolean', default: false },
    /** Take the Sluice reference table an earlier invocation landed (its figures are in its summary.json). */
    'reuse-sluice': { type: 'boolean', default: false },
    /** Print the tables from the runs logged so far (runs-W2.jsonl, runs-W3.jsonl in the work folder) without measuring. */
    report: { type: 'boolean', default: false },
  },
});

const CHILD = fileURLToPath(new URL('./batch-readers-child.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SLUICE_AUDIT = ['_source_modified_at', '_ingested_at', '_run_id'];
const work = args['work-dir']!;
const rounds = Number(args.rounds);
const variants = args.variants!.split(',') as Variant[];
const only = new Set(args.only!.split(','));
const duck = await (await DuckDBInstance.create(':memory:')).connect();

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};

interface Workload {
  name: 'W2' | 'W3';
  format: BatchFormat;
  files: string[];
  job: BenchJob;
  /** The files the Sluice reference run lands (a glob relative to job.folder). */
  sluicePattern: string;
  inputChecksum: () => Promise<{ rows: number; checksum: string }>;
  canonical: typeof CSV_CANONICAL;
}

async function listFiles(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .filter((e) => e.endsWith(suffix))
    .map((e) => join(dir, e))
    .sort();
}

async function workloads(): Promise<Workload[]> {
  const out: Workload[] = [];
  if (only.has('W2')) {
    const d = await generateW2(join(work, 'w2-2000x500'), 2000, 500, DEFAULT_SEED);
    out.push({
      name: 'W2',
      format: 'jsonl',
      files: await listFiles(d.dir, '.jsonl'),
      job: { format: 'jsonl', folder: d.dir, pattern: d.glob },
      sluicePattern: d.glob,
      inputChecksum: () => jsonlInputChecksum(join(d.dir, d.glob), JSONL_CANONICAL, duck),
      canonical: JSONL_CANONICAL,
    });
  }
  if (only.has('W3')) {
    const n = Number(args['w3-files']);
    const d = await generateW3(join(work, `w3-${n}`), n, 5, DEFAULT_SEED);
    out.push({
      name: 'W3',
      format: 'csv',
      files: await listFiles(d.dir, '.csv'),
      job: { format: 'csv', folder: d.dir, pattern: d.glob },
      sluicePattern: `${args['sluice-w3-folders']}/*.csv`,
      inputChecksum: () => csvInputChecksum(join(d.dir, d.glob), CSV_CANONICAL, duck),
      canonical: CSV_CANONICAL,
    });
  }
  return out;
}

/** What one measured run of a variant gives, from outside (the process) and inside (the job). */
interface Figures {
  jobSeconds: number;
  jobCpuSeconds: number;
  seconds: number;
  cpuSeconds: number;
  peakRss: number;
  batches: number;
}

interface Sample extends Figures {
  variant: Variant;
  error?: string;
  failures?: BatchJobResult['failures'];
}

/** One variant over a list of files in its own process, measured from outside (rusage) and inside. */
async function runVariant(variant: Variant, format: BatchFormat, files: string[], batchSize: number, outDir: string, keepGoing = false): Promise<Sample> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const listFile = `${outDir}.list`;
  await writeFile(listFile, `${files.join('\n')}\n`);
  const job: BatchJob = { variant, format, listFile, batchSize, outDir, keepGoing };
  const m = await runMeasured(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(job)], { cwd: REPO_ROOT });
  const base = { variant, seconds: m.seconds, cpuSeconds: m.cpuSeconds ?? Number.NaN, peakRss: m.peakRss };
  const last = m.stdout.trim().split('\n').pop() ?? '';
  if (m.exitCode !== 0 || !last.startsWith('{')) {
    return { ...base, jobSeconds: Number.NaN, jobCpuSeconds: Number.NaN, batches: 0, error: briefError(m.stderr) || `exit ${m.exitCode}` };
  }
  const r = JSON.parse(last) as BatchJobResult;
  return { ...base, jobSeconds: r.jobSeconds, jobCpuSeconds: r.jobCpuSeconds, batches: r.batches, failures: r.failures };
}

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const mib = (b: number) => (b / 2 ** 20).toFixed(0);

interface SluiceReference {
  files: number;
  seconds: number;
  cpuSeconds?: number;
  jobSeconds: number;
  peakRss: number;
}

/** The Bronze table of a real `sluice run` over the workload's sample; with --reuse-sluice, the one an earlier invocation landed. */
async function sluiceReference(w: Workload): Promise<{ ref: SluiceReference; sums: ExactSums }> {
  const dir = join(work, 'sluice', w.name);
  const bronzeRoot = join(dir, 'bronze');
  const summary = join(dir, 'summary.json');
  let ref: SluiceReference | undefined;
  if (args['reuse-sluice'])
    ref = await readFile(summary, 'utf8').then(
      (t) => JSON.parse(t) as SluiceReference,
      () => undefined,
    );
  if (!ref) {
    await rm(dir, { recursive: true, force: true });
    const run = await runSluice({ ...w.job, pattern: w.sluicePattern }, { dataDir: join(dir, 'data'), bronzeRoot, workDir: dir });
    ref = {
      files: run.summary?.files.processed ?? 0,
      seconds: run.seconds,
      cpuSeconds: run.cpuSeconds,
      jobSeconds: run.jobSeconds ?? Number.NaN,
      peakRss: run.peakRss,
    };
    await writeFile(summary, JSON.stringify(ref));
  }
  return { ref, sums: await exactSums(duck, `${bronzeRoot}/**/*.parquet`, FILE_COLUMN, SLUICE_AUDIT) };
}

/** One measured run as logged (one JSON line each, so that a report can be made from the runs done so far). */
interface Logged extends Figures {
  workload: string;
  files: number;
  size: number;
  variant: Variant;
  round: number;
  load: string;
  rows?: number;
  checksum?: string;
  columns?: string[];
  sluice?: { compared: number; differing: number; columnsEqual: boolean; examples: string[] };
  /** The benchmark's canonical checksum equals the input files' (round 1 only). */
  canonicalOk?: boolean;
  error?: string;
}

const logFile = (w: string) => join(work, `runs-${w}.jsonl`);

async function measureWorkload(w: Workload, sizes: number[]): Promise<void> {
  log(`${w.name}: Sluice reference`);
  const { ref, sums: refSums } = await sluiceReference(w);
  await writeFile(join(work, `sluice-${w.name}.json`), JSON.stringify({ ...ref, pattern: w.sluicePattern, columns: refSums.columns }));
  const sample = [...refSums.files.keys()];
  const input = await w.inputChecksum();
  for (let r = 0; r < rounds; r++) {
    for (const [si, size] of sizes.entries()) {
      for (const variant of rotate(variants, r + si)) {
        const outDir = join(work, 'out', `${w.name}-${variant}-${size}`);
        const load = uptime().replace(/.*average: /, '');
        log(`${w.name} round ${r + 1} batch ${size} ${variant} (load ${load})`);
        const s = await runVariant(variant, w.format, w.files, size, outDir);
        const { failures: _f, ...figures } = s;
        const entry: Logged = { workload: w.name, files: w.files.length, size, round: r + 1, load, ...figures };
        if (!s.error) {
          try {
            const sums = await exactSums(duck, `${outDir}/*.parquet`, FILE_COLUMN, []);
            const vs = compareSums(sums, refSums, sample);
            entry.rows = sums.rows;
            entry.checksum = String(sums.checksum);
            entry.columns = sums.columns;
            entry.sluice = { compared: vs.compared, differing: vs.differing.length, columnsEqual: vs.columnsEqual, examples: vs.differing.slice(0, 3) };
            if (r === 0)
              entry.canonicalOk = (await outputChecksum(`${outDir}/*.parquet`, w.canonical, duck)).checksum === input.checksum && sums.rows === input.rows;
          } catch (e) {
            entry.error = `verification: ${(e as Error).message}`;
          }
        }
        await rm(outDir, { recursive: true, force: true });
        await appendFile(logFile(w.name), `${JSON.stringify(entry)}\n`);
      }
    }
  }
}

/** The table of a workload from its logged runs: medians over rounds. */
async function report(name: string): Promise<void> {
  const runs = (await readFile(logFile(name), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Logged);
  const ref = await readFile(join(work, `sluice-${name}.json`), 'utf8').then(
    (t) => JSON.parse(t) as SluiceReference & { pattern: string; columns: string[] },
    () => undefined,
  );
  if (!runs.length) return;
  const files = runs[0]!.files;
  say(`### ${name}: ${files} files`);
  say();
  if (ref)
    say(
      `Sluice today (a real \`sluice run\`, one part and one commit per file) over ${ref.files} of these files (\`${ref.pattern}\`): ${f2(ref.seconds)} s wall, ${f2(ref.jobSeconds)} s in the run, ${f2(ref.cpuSeconds ?? Number.NaN)} CPU s (${((1000 * (ref.cpuSeconds ?? Number.NaN)) / ref.files).toFixed(1)} CPU ms per file), ${(ref.files / ref.jobSeconds).toFixed(0)} files/s in the run, ${mib(ref.peakRss)} MiB peak RSS. Its Bronze table is the reference for the value-for-value check.`,
    );
  say();
  say(
    '| batch | engine | rounds | in-job s | in-job CPU s | process s | process CPU s | files/s (in job) | CPU ms/file (in job) | peak RSS MiB | parts | rows | same values as the other engines | same values as Sluice | bench checksum = input |',
  );
  say('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|');
  const ok = runs.filter((r) => !r.error);
  const first = ok[0];
  const sizes = [...new Set(runs.map((r) => r.size))].sort((a, b) => a - b);
  for (const size of sizes) {
    for (const variant of variants) {
      const rs = runs.filter((r) => r.size === size && r.variant === variant);
      const good = rs.filter((r) => !r.error);
      if (!rs.length) continue;
      if (!good.length) {
        say(`| ${size} | ${variant} | ${rs.length} | failed: ${rs[0]!.error?.replaceAll('|', '/').slice(0, 160)} ||||||||||||`);
        continue;
      }
      const med = (f: (r: Logged) => number) => median(good.map(f));
      const same = good.every((r) => r.checksum === first!.checksum && r.columns!.join() === first!.columns!.join());
      const vs = good[0]!.sluice!;
      const sluiceCell = good.every((r) => r.sluice!.differing === 0 && r.sluice!.columnsEqual)
        ? `yes, ${vs.compared} of ${vs.compared} files`
        : `**no**: ${vs.compared - vs.differing} of ${vs.compared} files equal${vs.columnsEqual ? '' : ', columns differ'} (e.g. ${vs.examples.join(', ')})`;
      const canonical = good.find((r) => r.canonicalOk !== undefined)?.canonicalOk;
      const failed = rs.length - good.length;
      say(
        `| ${size} | ${variant} | ${good.length}${failed ? ` (+${failed} failed)` : ''} | ${f2(med((r) => r.jobSeconds))} | ${f2(med((r) => r.jobCpuSeconds))} | ${f2(med((r) => r.seconds))} | ${f2(med((r) => r.cpuSeconds))} | ${(files / med((r) => r.jobSeconds)).toFixed(0)} | ${((1000 * med((r) => r.jobCpuSeconds)) / files).toFixed(2)} | ${mib(med((r) => r.peakRss))} | ${good[0]!.batches} | ${good[0]!.rows} | ${same ? 'yes' : '**no**'} | ${sluiceCell} | ${canonical === undefined ? '–' : canonical ? 'yes' : '**no**'} |`,
      );
    }
  }
  say();
  if (ref) say(`Columns landed by Sluice: ${ref.columns.join(', ')}.`);
  for (const variant of variants) {
    const r = ok.find((x) => x.variant === variant);
    if (r && ref && r.columns!.join() !== ref.columns.join()) say(`Columns landed by ${variant}: ${r.columns!.join(', ')}.`);
  }
  const loads = runs.map((r) => Number(r.load.split(',')[0]));
  say(
    `1-minute load average at the start of each run: ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} (median ${median(loads).toFixed(1)}).`,
  );
  say();
}

type Rows = Map<string, Record<string, string | null>[]>;

/** Values of a column in one output but not in the other (as multisets), per file: the probe's differences. */
function valueDiffs(want: Rows, got: Rows, engine: string): string[] {
  const out: string[] = [];
  const minus = (a: string[], b: string[]) => {
    const left = [...b];
    return a.filter((x) => {
      const i = left.indexOf(x);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
  };
  for (const [file, rows] of want) {
    const have = got.get(file);
    if (!have) continue;
    const cols = new Set([...rows, ...have].flatMap((r) => Object.keys(r)));
    for (const col of cols) {
      const a = rows.map((r) => JSON.stringify(r[col] ?? null));
      const b = have.map((r) => JSON.stringify(r[col] ?? null));
      const onlyA = minus(a, b);
      const onlyB = minus(b, a);
      if (!onlyA.length && !onlyB.length) continue;
      const show = (xs: string[]) => `${xs.slice(0, 2).join(', ')}${xs.length > 2 ? ` (+${xs.length - 2})` : ''}`;
      out.push(`\`${file}\` ${col}: Sluice ${show(onlyA) || '–'}; ${engine} ${show(onlyB) || '–'}`);
    }
  }
  return out;
}

/** The policy probe: each value a variant lands differently from a real Sluice run of the same files. */
async function policyProbe(): Promise<void> {
  const probe = await writeProbeFiles(join(work, 'probe-files'));
  say('### Policy probe: values an engine lands differently from Sluice');
  say();
  for (const format of ['jsonl', 'csv'] as const) {
    const set = probe[format];
    const dir = join(work, 'probe', format);
    await rm(dir, { recursive: true, force: true });
    const bronzeRoot = join(dir, 'bronze');
    await runSluice({ format, folder: set.dir, pattern: format === 'csv' ? '*.csv' : '*.jsonl' }, { dataDir: join(dir, 'data'), bronzeRoot, workDir: dir });
    const sluice = await rowsByFile(duck, `${bronzeRoot}/**/*.parquet`, FILE_COLUMN, SLUICE_AUDIT);
    const missing = set.files.map((f) => f.replace(/^.*\//, '')).filter((f) => !sluice.has(f));
    if (missing.length) say(`- ${format}: Sluice landed no rows for ${missing.join(', ')}`);
    for (const variant of variants) {
      const outDir = join(dir, variant);
      const whole = await runVariant(variant, format, set.files, set.files.length, outDir);
      let notes = '';
      let s = whole;
      if (whole.error) {
        // The batch fails as a whole: file by file, to see which files fail and how the others land.
        s = await runVariant(variant, format, set.files, 1, outDir, true);
        const failed = s.failures?.map((f) => `\`${f.files.map((x) => x.replace(/^.*\//, '')).join(', ')}\` (${f.error.slice(0, 140)})`) ?? [];
        notes = `the batch of ${set.files.length} files **fails** (${whole.error.slice(0, 200)}); file by file, ${failed.length ? `failing: ${failed.join('; ')}` : 'every file lands'}. `;
      }
      if (s.error) {
        say(`- ${format}, ${variant}: ${notes}${s.error}`);
        continue;
      }
      const got = await rowsByFile(duck, `${outDir}/*.parquet`, FILE_COLUMN, []);
      const diffs = valueDiffs(sluice, got, variant);
      say(
        `- ${format}, ${variant}: ${notes}${diffs.length ? `values that differ from Sluice's: ${diffs.join('; ')}` : 'every value it landed is as Sluice lands it'}`,
      );
      if (!whole.error) continue;
      // The files every variant can read, as one batch: what a batch changes that a file alone does not.
      const together = await runVariant(variant, format, set.together, set.together.length, `${outDir}-together`);
      const names = set.together.map((f) => f.replace(/^.*\//, '')).join(', ');
      if (together.error) {
        say(`  - the batch of ${names} **fails**: ${together.error.slice(0, 200)}`);
        continue;
      }
      const gotTogether = await rowsByFile(duck, `${outDir}-together/*.parquet`, FILE_COLUMN, []);
      const wantTogether = new Map([...sluice].filter(([f]) => names.includes(f)));
      const d = valueDiffs(wantTogether, gotTogether, variant);
      say(`  - the batch of ${names}: ${d.length ? `values that differ from Sluice's: ${d.join('; ')}` : 'every value as Sluice lands it'}`);
    }
  }
  say();
}

say(`## Batch readers: ${new Date().toISOString()}`);
say();
say(`\`tsx bench/src/experiments/batch-readers.ts ${process.argv.slice(2).join(' ')}\``);
say();
say(`Start: \`${uptime()}\``);
say();
for (const w of await workloads()) {
  const sizes = args.sizes!.split(',').map((s) => (s === 'all' ? w.files.length : Number(s)));
  if (!args.report) await measureWorkload(w, sizes);
}
for (const name of ['W2', 'W3']) if (only.has(name)) await report(name);
if (!args['skip-probe'] && !args.report) await policyProbe();
say(`End: \`${uptime()}\``);
duck.closeSync();
await writeFile(join(work, 'batch-readers.md'), `${lines.join('\n')}\n`);
