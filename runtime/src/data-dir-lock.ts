import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type ProcessIdentity, processIdentity, processRunning } from '@sluice/sdk';

export interface DataDirLock {
  release(): void;
}

/**
 * One runtime process per data folder (a server, or a `sluice run`): a server puts the runs it finds
 * running back in the queue at its start (they look interrupted), so a second process's live run
 * would run twice. The lock is a file naming the owner (pid and start time, `processIdentity`); a
 * lock whose owner no longer runs (SIGKILL: gone, a zombie not yet reaped, or its pid reused by a
 * later process) is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(processIdentity()));
      } finally {
        closeSync(fd);
      }
      return { release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(path);
      if (owner && owner.pid !== process.pid && processRunning(owner)) {
        throw new Error(
          `the data folder ${dataDir} is in use by another Sluice process (${owner.pid}): stop it, start runs through its API (POST /api/graphs/:id/runs), or pass another --data`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot lock the data folder ${dataDir} (${path})`);
}

/** The owner a lock file names: `{"pid":..,"startTicks":..}`, or a bare pid (written by older versions). */
function readOwner(path: string): ProcessIdentity | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return undefined; // removed meanwhile
  }
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const o = JSON.parse(text) as Partial<ProcessIdentity>;
    if (Number.isSafeInteger(o.pid) && o.pid! > 0) return { pid: o.pid!, ...(typeof o.startTicks === 'string' ? { startTicks: o.startTicks } : {}) };
  } catch {
    // Half-written by an owner killed between create and write: no owner.
  }
  return undefined;
}
