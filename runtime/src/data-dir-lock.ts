import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirLock {
  release(): void;
}

/**
 * One runtime process per data folder (a server, or a `sluice run`): a server puts the runs it finds
 * running back in the queue at its start (they look interrupted), so a second process's live run
 * would run twice. The lock is a file holding the owner's pid; a lock left by a process that no
 * longer exists (SIGKILL) is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`the data folder ${dataDir} is in use by another Sluice process (${owner}): stop it, start runs through its API (POST /api/graphs/:id/runs), or pass another --data`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot lock the data folder ${dataDir} (${path})`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
