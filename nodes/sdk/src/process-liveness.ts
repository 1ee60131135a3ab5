import { readFileSync } from 'node:fs';

/**
 * A process as a lock file records it: its pid, and on Linux its start time (clock ticks since boot,
 * field 22 of /proc/<pid>/stat), which tells it apart from a later process given the same pid.
 */
export interface ProcessIdentity {
  pid: number;
  startTicks?: string;
}

/** The state and start time of a process from /proc, or why there are none. */
type ProcStat = { state: string; startTicks: string } | 'gone' | 'no-procfs';

function procStat(pid: number | 'self'): ProcStat {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // No such process, unless there is no /proc at all (macOS, a container without it).
    try {
      readFileSync('/proc/self/stat');
      return 'gone';
    } catch {
      return 'no-procfs';
    }
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTicks: fields[19] ?? '' };
}

/** The state letter of a running process (R, S, Z, ...) from /proc/<pid>/stat; undefined when it is gone or there is no /proc. */
export function processState(pid: number): string | undefined {
  const stat = procStat(pid);
  return typeof stat === 'object' ? stat.state : undefined;
}

/** This process (or `pid`) as a lock file should record it. */
export function processIdentity(pid: number = process.pid): ProcessIdentity {
  const stat = procStat(pid === process.pid ? 'self' : pid);
  return typeof stat === 'object' ? { pid, startTicks: stat.startTicks } : { pid };
}

/**
 * Whether the process a lock file names still runs. Not when it is gone; not when it is a zombie
 * ('Z', or 'X' dead): it has exited, and only waits for its parent to reap it, which after a kill -9
 * of a server under a supervisor or shell may take a while (issue 12: a restart was refused "data
 * folder in use" by its own dead predecessor); not when its pid now belongs to a process started at
 * another time. Without /proc, a signal 0 tells only whether the pid exists.
 */
export function processRunning(holder: ProcessIdentity): boolean {
  const stat = procStat(holder.pid);
  if (stat === 'gone') return false;
  if (stat === 'no-procfs') {
    try {
      process.kill(holder.pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return holder.startTicks === undefined || holder.startTicks === stat.startTicks;
}
