import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pl from 'nodejs-polars';
import type { GraphDocument } from '@sluice/sdk';
import { connectStore, type Store } from '@sluice/store';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import { startRuns } from '../runs/start-runs.ts';
import type { RunService } from '../runs/run-service.ts';

// Real `sluice worker` processes sharing one PostgreSQL store and one Bronze folder: a worker
// killed (SIGKILL) mid-run, or paused (SIGSTOP) past its heartbeat and then resumed, loses its run
// to another worker, and every row lands exactly once.

const CLI = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
const FILES = 400;
const ROWS = 5;

interface Worker {
  name: string;
  child: ChildProcess;
  out: () => string;
}

interface Cluster {
  dir: string;
  db: TestPgDatabase;
  store: Store;
  queue: RunService;
  env: NodeJS.ProcessEnv;
  workers: Worker[];
  graphId: string;
  tableUri: string;
}

let cluster: Cluster | undefined;
afterEach(async () => {
  const c = cluster;
  cluster = undefined;
  if (!c) return;
  for (const w of c.workers) {
    if (w.child.exitCode === null && w.child.signalCode === null) {
      w.child.kill('SIGCONT');
      w.child.kill('SIGKILL');
    }
  }
  await c.queue.stop();
  await c.store.close();
  await c.db.drop();
  rmSync(c.dir, { recursive: true, force: true });
});

/** The shared folders and store, the graph (400 CSV files into Bronze, two files a commit), and a queue-only process (`serve --workers 0`). */
async function startCluster(): Promise<Cluster> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-workers-')));
  const input = join(dir, 'in');
  const bronze = join(dir, 'bronze');
  mkdirSync(input);
  mkdirSync(bronze);
  for (let i = 0; i < FILES; i++) {
    const ids = Array.from({ length: ROWS }, (_, r) => `${i}:${r}`);
    writeFileSync(join(input, `f${String(i).padStart(4, '0')}.csv`), `id\n${ids.join('\n')}\n`);
  }
  const db = await createTestPgDatabase();
  const env: NodeJS.ProcessEnv = {
    SLUICE_DATABASE_URL: db.url,
    SLUICE_ALLOWED_ROOTS: input,
    SLUICE_OUTPUT_ROOTS: bronze,
    SLUICE_CREDENTIALS_KEY: 'a'.repeat(64),
    SLUICE_JOB_HEARTBEAT_SECONDS: '10',
    SLUICE_JOB_MONITOR_SECONDS: '1',
    // A paused worker's open transaction (it commits all the time) is ended soon, releasing the run's row.
    SLUICE_DB_IDLE_IN_TRANSACTION_SECONDS: '5',
  };
  const store = await connectStore({ dataDir: join(dir, 'queue-data'), env: { ...process.env, ...env } });
  const node = (type: string, config: Record<string, unknown>) => ({ type, typeVersion: 1, position: { x: 0, y: 0 }, config });
  const doc: GraphDocument = {
    format: 'sluice-graph',
    version: 1,
    name: 'workers',
    nodes: {
      src: node('source-local', { folder: input, patterns: ['*.csv'] }),
      cp: node('checkpoint', {}),
      csv: node('parse-csv', {}),
      sink: node('bronze-sink', { root: bronze, table: 't', batchFiles: 2 }),
    },
    edges: [
      { from: { node: 'src', port: 'files' }, to: { node: 'cp', port: 'files' } },
      { from: { node: 'cp', port: 'files' }, to: { node: 'csv', port: 'files' } },
      { from: { node: 'csv', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ],
  };
  const graph = await store.graphs.create(doc);
  const registry = await installedPlugins();
  const access = { inputRoots: [input], outputRoots: [bronze], allowedEndpoints: [] };
  const queue = await startRuns({ store, registry, access, concurrency: { global: 0 }, env: { ...process.env, ...env }, log: () => {} });
  cluster = { dir, db, store, queue, env, workers: [], graphId: graph.id, tableUri: pathToFileURL(join(bronze, 't')).href };
  return cluster;
}

function startWorker(c: Cluster, name: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker', '--data', join(c.dir, `data-${name}`), '--concurrency', '1'], {
    env: { ...process.env, ...c.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  const w = { name, child, out: () => out };
  c.workers.push(w);
  return w;
}

async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms: number, c?: Cluster): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${c ? `\n${c.workers.map((w) => `--- ${w.name}\n${w.out()}`).join('\n')}` : ''}`);
    await sleep(100);
  }
}

/** The worker whose output says it runs the run at this attempt. */
const holderOf = (c: Cluster, runId: string, attempt: number) =>
  c.workers.find((w) => w.out().includes(`run ${runId} of graph ${c.graphId}: running here (attempt ${attempt})`));

/** Files whose checkpoint says landed. */
async function landed(c: Cluster): Promise<number> {
  const rows = await c.db.rows<{ n: string }>(`select count(*) as n from checkpoints where status = 'processed'`);
  return Number(rows[0]!.n);
}

/** Every id of the rows the manifest lists (the Bronze table as readers of the manifest see it). */
async function bronzeIds(c: Cluster): Promise<string[]> {
  const paths = (await c.store.nodeStore(c.graphId).parts.paths(c.tableUri)).map((p) => p.path);
  const root = fileURLToPath(c.tableUri);
  const frames = paths.map((p) => pl.readParquet(join(root, p)).select('id'));
  return frames.length ? (pl.concat(frames).getColumn('id').toArray() as string[]) : [];
}

function expectEveryRowOnce(ids: string[]): void {
  const want = Array.from({ length: FILES }, (_, i) => Array.from({ length: ROWS }, (_, r) => `${i}:${r}`)).flat();
  expect(ids.length).toBe(want.length);
  expect(new Set(ids).size).toBe(want.length);
  expect([...ids].sort()).toEqual(want.sort());
}

/** The parquet files in the table's folder (committed or not). */
const partFiles = (c: Cluster) =>
  readdirSync(fileURLToPath(c.tableUri), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet') && !f.split('/').at(-1)!.startsWith('.'));

/** Two workers, a run of the graph queued, and the worker holding it part-way through (40 files landed). */
async function midRun() {
  const c = await startCluster();
  startWorker(c, 'a');
  startWorker(c, 'b');
  await until(() => c.workers.every((w) => w.out().includes('Sluice worker taking runs')), 'both workers to start', 60_000, c);
  const { run } = await c.queue.enqueue(c.graphId, { kind: 'manual' });
  const first = await until(() => holderOf(c, run.id, 1), 'a worker to take the run', 60_000, c);
  await until(async () => (await landed(c)) >= 40 && true, 'some files to land', 60_000, c);
  return { c, run, first };
}

describe('sluice worker processes on one PostgreSQL store (real processes, real pg-boss)', () => {
  it('a worker killed by SIGKILL mid-run loses the run to another worker, which lands every row exactly once', async () => {
    const { c, run, first } = await midRun();
    first.child.kill('SIGKILL');
    const atKill = await landed(c);
    const second = await until(() => holderOf(c, run.id, 2), 'the other worker to take the run over', 60_000, c);
    expect(second).not.toBe(first);
    await until(async () => (await c.store.runs.get(run.id))?.status === 'succeeded', 'the run to succeed', 120_000, c);
    expect(await c.store.runs.get(run.id)).toMatchObject({ attempts: 2 });
    expect(atKill).toBeLessThan(FILES);
    expectEveryRowOnce(await bronzeIds(c));
    // The killed worker's uncommitted parts were removed by the run that took over (older than its start).
    expect(partFiles(c).length).toBe((await c.store.nodeStore(c.graphId).parts.paths(c.tableUri)).length);
    // The table was held through the store's leases (every worker sees them), taken again at the takeover.
    const [hold] = await c.db.rows<{ epoch: string }>(`select epoch from leases where name = $1`, [`bronze-table ${c.tableUri}`]);
    expect(Number(hold?.epoch)).toBeGreaterThanOrEqual(2);
  });

  it('a worker paused by SIGSTOP past its heartbeat, then resumed, cannot commit: the run is the other worker’s, every row once', async () => {
    const { c, run, first } = await midRun();
    first.child.kill('SIGSTOP');
    const second = await until(() => holderOf(c, run.id, 2), 'the other worker to take the run over', 60_000, c);
    expect(second).not.toBe(first);
    // Resumed while the run is the other worker's: whatever it still tries to commit is refused.
    first.child.kill('SIGCONT');
    await until(
      () => /another worker took it over|was taken over by another worker|handed to another worker/.test(first.out()) && true,
      'the resumed worker to find it lost the run',
      60_000,
      c,
    );
    await until(async () => (await c.store.runs.get(run.id))?.status === 'succeeded', 'the run to succeed', 120_000, c);
    expect(await c.store.runs.get(run.id)).toMatchObject({ attempts: 2 });
    expectEveryRowOnce(await bronzeIds(c));
    // The resumed worker goes on taking runs: a second run finds nothing new and lands nothing.
    const again = (await c.queue.enqueue(c.graphId, { kind: 'manual' })).run;
    await until(async () => (await c.store.runs.get(again.id))?.status === 'succeeded', 'the second run', 120_000, c);
    expect(await c.store.runs.get(again.id)).toMatchObject({ files: { processed: 0 } });
    expectEveryRowOnce(await bronzeIds(c));
  });
});
