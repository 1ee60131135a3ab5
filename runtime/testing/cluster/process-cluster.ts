import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectStore, type Store } from '@sluice/store';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';
import { installedPlugins } from '../../src/plugins/installed-plugins.ts';
import type { RunService } from '../../src/runs/run-service.ts';
import { startRuns } from '../../src/runs/start-runs.ts';
import { ensureBuiltCli } from '../../bin/cli-build.mjs';
import { until } from './until.ts';

// The built CLI, as users run it (plain node on runtime/dist, built when stale): a worker starts in about
// a second instead of three under tsx, which matters to a test that restarts twenty of them.
const BIN = fileURLToPath(new URL('../../bin/sluice.mjs', import.meta.url));

/** A `sluice` child process of the cluster, with everything it printed. */
export interface ClusterProcess {
  name: string;
  child: ChildProcess;
  out(): string;
  /** Settles when the process has exited (whatever the signal). */
  exited: Promise<void>;
}

/**
 * Real `sluice worker` and `sluice serve` processes sharing one PostgreSQL store (a database of
 * their own), one input root and one Bronze root, and a queue-only run service in the test's
 * process to queue runs as `serve --workers 0` would. What the process tests of runtime/src/cluster share.
 */
export class ProcessCluster {
  readonly processes: ClusterProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly db: TestPgDatabase,
    readonly store: Store,
    readonly queue: RunService,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The input root (`SLUICE_ALLOWED_ROOTS`) every process may read. */
  get input(): string {
    return join(this.dir, 'in');
  }

  /** The Bronze root (`SLUICE_OUTPUT_ROOTS`) every process may write. */
  get bronze(): string {
    return join(this.dir, 'bronze');
  }

  /** `env` is added to the settings of every process (and of the test's own queue). */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<ProcessCluster> {
    // Built once here, not by each process started while it is stale.
    ensureBuiltCli();
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-cluster-')));
    mkdirSync(join(dir, 'in'));
    mkdirSync(join(dir, 'bronze'));
    const db = await createTestPgDatabase();
    const settings: NodeJS.ProcessEnv = {
      SLUICE_DATABASE_URL: db.url,
      SLUICE_ALLOWED_ROOTS: join(dir, 'in'),
      SLUICE_OUTPUT_ROOTS: join(dir, 'bronze'),
      SLUICE_CREDENTIALS_KEY: 'a'.repeat(64),
      ...env,
    };
    const all = { ...process.env, ...settings };
    const store = await connectStore({ dataDir: join(dir, 'queue-data'), env: all });
    const registry = await installedPlugins();
    const access = { inputRoots: [join(dir, 'in')], outputRoots: [join(dir, 'bronze')], allowedEndpoints: [] };
    const queue = await startRuns({ store, registry, access, concurrency: { global: 0 }, env: all, log: () => {} });
    return new ProcessCluster(dir, db, store, queue, settings);
  }

  /** Starts `sluice <args> --data <its own folder>`; `env` is added to the cluster's settings. */
  spawn(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ClusterProcess {
    const child = spawn(process.execPath, [BIN, ...args, '--data', join(this.dir, `data-${name}`)], {
      env: { ...process.env, ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (out += b));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const p = { name, child, out: () => out, exited };
    this.processes.push(p);
    return p;
  }

  /** A `sluice worker` taking one run at a time, so that a run's holder is one process. */
  worker(name: string): ClusterProcess {
    return this.spawn(name, ['worker', '--concurrency', '1']);
  }

  /** Queues a manual run of each graph, in order; their ids. */
  async queueRuns(graphs: { id: string }[]): Promise<string[]> {
    const ids: string[] = [];
    for (const g of graphs) ids.push((await this.queue.enqueue(g.id, { kind: 'manual' })).run.id);
    return ids;
  }

  /** Waits until every one of these processes says it is up (its first line). */
  async started(processes: ClusterProcess[]): Promise<void> {
    await this.until(() => processes.every((p) => /Sluice worker taking runs|Sluice is running at/.test(p.out())), 'the processes to start', 90_000);
  }

  /** SIGKILL (no clean-up of any kind, as a power cut), resolved once the process has exited. */
  async kill(p: ClusterProcess): Promise<void> {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGCONT');
      p.child.kill('SIGKILL');
    }
    await p.exited;
  }

  /** `until`, whose timeout shows what every process printed. */
  until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms: number): Promise<T> {
    return until(check, what, ms, () => this.outputs());
  }

  /** What every process printed, for a failure's message. */
  outputs(): string {
    return this.processes.map((p) => `--- ${p.name}\n${p.out()}`).join('\n');
  }

  /** Kills what is left, then drops the database and the folders. */
  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => this.kill(p)));
    await this.queue.stop();
    await this.store.close();
    await this.db.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
