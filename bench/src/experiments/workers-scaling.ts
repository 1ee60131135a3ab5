// Experiment (issue 17): how the time to land SEVERAL graphs' small files (several runs at once)
// changes with 1, 2 and 4 `sluice worker` processes on one PostgreSQL store, and the database writes
// per file. `pnpm bench` measures ONE run (W2, W3's first run) with 1, 2 and 4 workers (its
// `--workers` flag); this script is what shows several runs sharing the workers (docs/scaling.md).
// With --one-table every graph lands into the same Bronze table (several writers of one table at once).
// Usage: node --import tsx bench/src/experiments/workers-scaling.ts [--graphs 4] [--files 500] [--rows 10] [--workers 1,2,4] [--one-table]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectStore } from '@sluice/store';
import { installedPlugins, startRuns } from '@sluice/runtime';
import { csvLandingGraph } from '@sluice/runtime/testing';
import { benchPostgresStore } from '../engines/postgres-store.ts';
import { startWorkerProcesses, type WorkerProcesses } from '../engines/worker-processes.ts';

const { values } = parseArgs({
  options: {
    graphs: { type: 'string', default: '4' },
    files: { type: 'string', default: '500' },
    rows: { type: 'string', default: '10' },
    workers: { type: 'string', default: '1,2,4' },
    'one-table': { type: 'boolean', default: false },
  },
});
const graphs = Number(values.graphs);
const files = Number(values.files);
const rows = Number(values.rows);
const counts = values.workers.split(',').map(Number);
const tableOf = (g: number) => (values['one-table'] ? 'shared' : `g${g}`);

async function measure(
  k: number,
  root: string,
): Promise<{ seconds: number; filesPerSecond: number; commitsPerFile: number; rowsPerFile: number; landed: number }> {
  // A database of its own for each count, dropped at the end (the machine's server, or SLUICE_TEST_POSTGRES_URL's).
  const dir = join(root, `k${k}`);
  const bronze = join(dir, 'bronze');
  mkdirSync(bronze, { recursive: true });
  const { db, env } = await benchPostgresStore({ ...process.env, SLUICE_ALLOWED_ROOTS: join(root, 'in'), SLUICE_OUTPUT_ROOTS: bronze });
  const store = await connectStore({ dataDir: join(dir, 'queue'), env });
  let workers: WorkerProcesses | undefined;
  try {
    const ids: string[] = [];
    for (let g = 0; g < graphs; g++)
      ids.push((await store.graphs.create(csvLandingGraph({ name: `g${g}`, folder: join(root, 'in', `g${g}`), root: bronze, table: tableOf(g) }))).id);
    const registry = await installedPlugins();
    const queue = await startRuns({
      store,
      registry,
      access: { inputRoots: [join(root, 'in')], outputRoots: [bronze], allowedEndpoints: [] },
      concurrency: { global: 0 },
      env,
      log: () => {},
    });
    workers = await startWorkerProcesses(k, env, dir);
    const stats = async () => {
      const [r] = await db.rows<Record<string, string>>(
        'select xact_commit, tup_inserted, tup_updated, tup_deleted from pg_stat_database where datname = current_database()',
      );
      return { commits: Number(r!.xact_commit), written: Number(r!.tup_inserted) + Number(r!.tup_updated) + Number(r!.tup_deleted) };
    };
    const before = await stats();
    const started = performance.now();
    const runs = [];
    for (const id of ids) runs.push((await queue.enqueue(id, { kind: 'manual' })).run.id);
    for (;;) {
      const states = await Promise.all(runs.map(async (r) => (await store.runs.get(r))?.status));
      if (states.every((s) => s === 'succeeded' || s === 'failed')) {
        if (states.some((s) => s === 'failed')) throw new Error('a run failed');
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    await queue.stop();
    // The server publishes another session's counts within about a second.
    await new Promise((r) => setTimeout(r, 1500));
    const after = await stats();
    const n = graphs * files;
    const [landed] = await db.rows<{ n: string }>(`select count(*) as n from checkpoints where status = 'processed'`);
    return {
      seconds,
      filesPerSecond: n / seconds,
      commitsPerFile: (after.commits - before.commits) / n,
      rowsPerFile: (after.written - before.written) / n,
      landed: Number(landed!.n),
    };
  } finally {
    await workers?.stop();
    await store.close();
    await db.drop();
  }
}

const root = mkdtempSync(join(tmpdir(), 'sluice-workers-bench-'));
try {
  for (let g = 0; g < graphs; g++) {
    const dir = join(root, 'in', `g${g}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < files; f++) {
      const body = Array.from({ length: rows }, (_, r) => `${g}-${f}-${r},${r * 7},name-${r}`).join('\n');
      writeFileSync(join(dir, `g${g}-f${String(f).padStart(5, '0')}.csv`), `id,n,name\n${body}\n`);
    }
  }
  const into = values['one-table'] ? 'all into one table' : 'a table each';
  console.log(`${graphs} graphs x ${files} CSV files of ${rows} rows, ${into}; ${availableParallelism()} CPUs; load ${loadavg()[0]!.toFixed(1)} at start`);
  console.log('| workers | seconds | files/s | database commits per file | rows written per file (all tables, pg-boss included) | files landed |');
  console.log('|---|---|---|---|---|---|');
  for (const k of counts) {
    const r = await measure(k, root);
    console.log(
      `| ${k} | ${r.seconds.toFixed(1)} | ${r.filesPerSecond.toFixed(0)} | ${r.commitsPerFile.toFixed(2)} | ${r.rowsPerFile.toFixed(2)} | ${r.landed} |`,
    );
  }
  console.log(`load ${loadavg()[0]!.toFixed(1)} at the end`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
