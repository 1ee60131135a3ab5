import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** GNU time reports the exact peak (the kernel's ru_maxrss) of the process it waits for. */
const GNU_TIME = '/usr/bin/time';

/** How peak RSS is measured on this machine, for the report. */
export const RSS_METHOD = existsSync(GNU_TIME) ? 'ru_maxrss via /usr/bin/time' : 'VmHWM polled every 20 ms from /proc';

export interface Measured {
  /** Wall-clock seconds from spawn to exit: the whole process, start-up included. */
  seconds: number;
  /** Peak resident set size of the process (VmHWM), in bytes. */
  peakRss: number;
  /** User plus system CPU seconds of the process (less sensitive to a busy machine than wall time); with GNU time only. */
  cpuSeconds?: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How often /proc/<pid>/status is read; VmHWM only grows, so the last read is the peak so far. */
  pollMs?: number;
}

async function readHwm(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined; // exited between two polls
  }
}

/**
 * Runs one command in its own process and measures it from outside: wall time and peak RSS.
 * The command must be the process that does the work (`node ...`, not a wrapper like `pnpm` or
 * `tsx`'s CLI, which would fork it and report only its own memory).
 */
export async function runMeasured(command: string, args: string[], opts: MeasureOptions = {}): Promise<Measured> {
  if (!existsSync(GNU_TIME)) return runPolled(command, args, opts);
  const dir = await mkdtemp(join(tmpdir(), 'sluice-bench-time-'));
  try {
    const out = join(dir, 'maxrss');
    const m = await runPolled(GNU_TIME, ['-f', '%M %U %S', '-o', out, command, ...args], opts);
    // A failed command's report starts with "Command exited with non-zero status N": take the last line.
    const [kb, user, sys] = ((await readFile(out, 'utf8').catch(() => '')).trim().split('\n').pop() ?? '').split(' ').map(Number);
    return {
      ...m,
      peakRss: kb !== undefined && Number.isFinite(kb) && kb > 0 ? kb * 1024 : m.peakRss,
      ...(user !== undefined && sys !== undefined && Number.isFinite(user + sys) ? { cpuSeconds: user + sys } : {}),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runPolled(command: string, args: string[], opts: MeasureOptions): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-20_000)));
    const poll = async () => {
      if (child.pid === undefined) return;
      const hwm = await readHwm(child.pid);
      if (hwm !== undefined && hwm > peak) peak = hwm;
    };
    const timer = setInterval(() => void poll(), opts.pollMs ?? 20);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      clearInterval(timer);
      // stdout may still be flushing after exit; 'close' follows once the pipes are drained.
      child.on('close', () => resolve({ seconds, peakRss: peak, exitCode: code, stdout, stderr }));
    });
  });
}
