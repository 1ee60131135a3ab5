// Experiment (issue 17): which statements a landed file costs the PostgreSQL store, with one
// `sluice worker` process (pg-boss included): the server's statement log of a throwaway database
// (log_statement `mod`, or `all` with --all: reads, BEGIN/COMMIT and savepoints too), counted per
// statement text, and the rows written per table (pg_stat_user_tables). Needs read access to the server's log (root, or the postgres group).
// Usage: node --import tsx bench/src/experiments/writes-per-file.ts [--files 500] [--rows 10] [--batch 0] [--all] [--log /var/log/postgresql/postgresql-15-main.log]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectStore } from '@sluice/store';
import { createTestPgDatabase } from '@sluice/store/testing/postgres';
import { installedPlugins, startRuns } from '@sluice/runtime';
import { csvLandingGraph } from '@sluice/runtime/testing';

const SLUICE = fileURLToPath(new URL('../../../runtime/bin/sluice.mjs', import.meta.url));
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '500' },
    rows: { type: 'string', default: '10' },
    batch: { type: 'string', default: '0' },
    all: { type: 'boolean', default: false },
    log: { type: 'string', default: '/var/log/postgresql/postgresql-15-main.log' },
  },
});
const files = Number(values.files);
const rows = Number(values.rows);

const root = mkdtempSync(join(tmpdir(), 'sluice-writes-'));
const input = join(root, 'in');
const bronze = join(root, 'bronze');
mkdirSync(input, { recursive: true });
mkdirSync(bronze, { recursive: true });
for (let f = 0; f < files; f++) {
  const body = Array.from({ length: rows }, (_, r) => `${f}-${r},${r * 7},name-${r}`).join('\n');
  writeFileSync(join(input, `f${String(f).padStart(5, '0')}.csv`), `id,n,name\n${body}\n`);
}
const doc = csvLandingGraph({ name: 'writes', folder: input, root: bronze, table: 't', batchFiles: Number(values.batch) });
const db = await createTestPgDatabase();
const dbName = new URL(db.url).pathname.slice(1);
const env = {
  ...process.env,
  SLUICE_DATABASE_URL: db.url,
  SLUICE_ALLOWED_ROOTS: input,
  SLUICE_OUTPUT_ROOTS: bronze,
  SLUICE_CREDENTIALS_KEY: 'b'.repeat(64),
};
const store = await connectStore({ dataDir: join(root, 'queue'), env });
const child: ChildProcess[] = [];
try {
  const id = (await store.graphs.create(doc)).id;
  const queue = await startRuns({
    store,
    registry: await installedPlugins(),
    access: { inputRoots: [input], outputRoots: [bronze], allowedEndpoints: [] },
    concurrency: { global: 0 },
    env,
    log: () => {},
  });
  await db.rows(`alter database "${dbName}" set log_statement = '${values.all ? 'all' : 'mod'}'`);
  const w = spawn(process.execPath, [SLUICE, 'worker', '--data', join(root, 'w'), '--concurrency', '1'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  child.push(w);
  await new Promise<void>((resolve) => w.stdout!.on('data', (b: Buffer) => b.toString().includes('Sluice worker taking runs') && resolve()));
  // Rows written per table: counted by each session and published when it ends or within a second.
  const tableRows = async () =>
    new Map(
      (
        await db.rows<{ t: string; n: string }>(`select schemaname || '.' || relname as t, n_tup_ins + n_tup_upd + n_tup_del as n from pg_stat_user_tables`)
      ).map((r) => [r.t, Number(r.n)]),
    );
  const rowsBefore = await tableRows();
  const logStart = statSync(values.log).size;
  const started = performance.now();
  const run = (await queue.enqueue(id, { kind: 'manual' })).run.id;
  for (;;) {
    const s = (await store.runs.get(run))?.status;
    if (s === 'succeeded' || s === 'failed') {
      if (s === 'failed') throw new Error('the run failed');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  await queue.stop();
  w.kill('SIGTERM');
  await new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)));
  await new Promise((r) => setTimeout(r, 1500));
  console.log(`${files} files of ${rows} rows, batchFiles ${values.batch}: ${seconds.toFixed(1)} s`);
  console.log('| rows written per file | table |');
  for (const [t, n] of await tableRows()) {
    const d = (n - (rowsBefore.get(t) ?? 0)) / files;
    if (d >= 0.005) console.log(`| ${d.toFixed(2)} | ${t} |`);
  }
  const log = readFileSync(values.log).subarray(logStart).toString('utf8');
  const counts = new Map<string, number>();
  for (const line of log.split('\n')) {
    if (!line.includes(`@${dbName} `)) continue;
    const m = /(?:statement|execute [^:]*): (.*)$/.exec(line);
    if (!m) continue;
    const text = m[1]!.replace(/\s+/g, ' ').replace(/\$\d+/g, '$').slice(0, 110);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  console.log(`| statements per file (${values.all ? 'all' : 'writing'}) | statement |`);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  for (const [t, n] of sorted) console.log(`| ${(n / files).toFixed(2)} | ${t} |`);
  console.log(`| ${(sorted.reduce((sum, [, n]) => sum + n, 0) / files).toFixed(2)} | in all |`);
} finally {
  for (const c of child) c.kill('SIGTERM');
  await Promise.all(child.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  await store.close();
  await db.drop();
  rmSync(root, { recursive: true, force: true });
}
