import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { builtRuntime } from './built-runtime.ts';
import { callThreadFunction } from './call-thread-function.ts';
import type { PluginThreadTask } from './plugin-thread-task.ts';

/** How many worker threads plugins' `threads` functions run on (0: on the main thread, in turn). */
export const PLUGIN_THREADS_ENV = 'SLUICE_PLUGIN_THREADS';

/**
 * The pool's size: `SLUICE_PLUGIN_THREADS` when set (a whole number; 0 runs the functions on the
 * main thread), else one thread per core up to two. The main thread keeps a core of its own busy
 * with the executor, polars' own threads take the rest; more threads than cores only contend.
 */
export function pluginThreadCount(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const raw = env[PLUGIN_THREADS_ENV]?.trim();
  if (raw === undefined || raw === '') return Math.max(1, Math.min(2, cores));
  if (!/^\d+$/.test(raw)) throw new Error(`${PLUGIN_THREADS_ENV} must be a whole number of threads (0 runs plugin threads on the main thread), not "${raw}"`);
  return Number(raw);
}

// Workers that have had no task for this long end; the next task starts one again (~50 ms).
const IDLE_MS = 5_000;

// One pool per process: a task names the plugin module it runs, so every plugin shares the cores.
let pool: Piscina | undefined;

// Options of the process that would change how a worker loads its entry file: the code and input
// type of `node -e` (a worker inheriting `--input-type` refuses to load a file).
const EVAL_OPTIONS = new Set(['-e', '--eval', '-p', '--print', '--input-type']);

/** The process's Node options a worker gets: all but those of `node -e`. */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (EVAL_OPTIONS.has(arg))
      i++; // and its value
    else if (!EVAL_OPTIONS.has(arg.split('=')[0]!)) kept.push(arg);
  }
  return kept;
}

/**
 * The workers' entry and options. From the sources (tests, tsx) the entry is plugin-thread.ts, so a
 * worker gets tsx's loader (`--import tsx`) on top of the process's own options; the built runtime
 * gives its built entry (`builtRuntime.threadEntryUrl`), which imports the build's own modules
 * (its `builtRuntime` among them: built-in plugins load from their chunks there too).
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  const execArgv = workerExecArgv(process.execArgv);
  if (builtRuntime) return { filename: builtRuntime.threadEntryUrl, execArgv };
  const tsx = import.meta.resolve('tsx');
  return { filename: new URL('./plugin-thread.ts', import.meta.url).href, execArgv: execArgv.includes(tsx) ? execArgv : [...execArgv, '--import', tsx] };
}

// Imported on first use: a run whose plugins have no threads never loads piscina.
async function threadPool(threads: number): Promise<Piscina> {
  if (pool) return pool;
  const { Piscina } = await import('piscina');
  // Idle workers are unref'd by piscina (and so is their idle timer): they never keep a process
  // alive, and `closePluginThreads` ends them at once.
  pool ??= new Piscina({ ...workerEntry(), minThreads: 0, maxThreads: threads, idleTimeout: IDLE_MS });
  return pool;
}

/**
 * Runs one plugin thread function on the process's pool (created on first use), or on the main
 * thread when `SLUICE_PLUGIN_THREADS` is 0. `signal` cancels the task, queued or running (a running
 * one's worker is ended and replaced). An error thrown by the function rejects with an Error of the
 * same message.
 */
export async function runOnPluginThread<T = unknown>(task: PluginThreadTask, signal?: AbortSignal): Promise<T> {
  signal?.throwIfAborted();
  const threads = pluginThreadCount();
  if (threads === 0) return (await callThreadFunction(task)) as T;
  return (await (await threadPool(threads)).run(task, signal ? { signal } : {})) as T;
}

/**
 * Ends the pool's workers once the tasks given to it are done (the end of a CLI run, the runtime's
 * shutdown); a task given meanwhile starts a new pool. Idle workers never keep a process alive
 * anyway: this ends them now rather than after their idle timeout.
 */
export async function closePluginThreads(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.close();
}
