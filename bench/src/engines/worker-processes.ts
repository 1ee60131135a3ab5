import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, sluiceCommand } from './sluice-engine.ts';

/** `sluice worker` processes taking runs from one PostgreSQL store's queue. */
export interface WorkerProcesses {
  /** User plus system CPU seconds the processes have used so far (from /proc). */
  cpuSeconds(): Promise<number>;
  /** The largest peak RSS (VmHWM) among them so far, in bytes. */
  peakRss(): Promise<number>;
  /** SIGTERM to each, and their exits. */
  stop(): Promise<void>;
}

const READY = 'Sluice worker taking runs';
const CLOCK_TICKS = 100;

/**
 * Starts `count` `sluice worker --concurrency 1` processes on the store `env` names
 * (SLUICE_DATABASE_URL), each with its own data folder under `dir`, as a deployment runs them;
 * resolves once every one says it takes runs. Their start-up is not part of any measurement.
 */
export async function startWorkerProcesses(count: number, env: NodeJS.ProcessEnv, dir: string): Promise<WorkerProcesses> {
  const [node, ...cli] = sluiceCommand();
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
  };
  try {
    for (let i = 0; i < count; i++) {
      const child = spawn(node!, [...cli, 'worker', '--data', join(dir, `worker-${i + 1}`), '--concurrency', '1'], {
        cwd: REPO_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      await ready(child);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const pids = children.map((c) => c.pid!);
  return {
    cpuSeconds: async () => (await Promise.all(pids.map(cpuTicks))).reduce((a, b) => a + b, 0) / CLOCK_TICKS,
    peakRss: async () => Math.max(0, ...(await Promise.all(pids.map(vmHwm)))),
    stop,
  };
}

/** Resolves when the worker prints that it takes runs; rejects with its output if it exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
      if (output.includes(READY)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sluice worker exited (${code}) before taking runs: ${output.trim().slice(-500)}`)));
  });
}

/** utime + stime of a process, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function vmHwm(pid: number): Promise<number> {
  const m = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
