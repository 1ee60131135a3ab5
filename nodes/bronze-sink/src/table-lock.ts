import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { namingNoSpace, processIdentity, processRunning, type SharedHolds } from '@sluice/sdk';

interface LockOwner {
  pid: number;
  /** Tells this process apart from an earlier one that had the same pid. */
  processStart: number;
  /** The same, as another process can read it (/proc/<pid>/stat; absent without /proc or in older locks). */
  startTicks?: string;
  runId: string;
  since: string;
}

export interface TableLock {
  release(): Promise<void>;
  /** Inside the commit's transaction, for a hold shared through the store: throws unless still held (see SharedHold). */
  fence?(): Promise<void>;
}

/**
 * The table's hold, for the short work two writers must not do at once (under-table-hold.ts): the
 * runtime's shared hold when it gives one (several processes, maybe on several machines, share the
 * store and may write the table: a lock file's pid tells nothing of another machine, and an S3
 * table's lock file is in each process's own data folder), else the lock file.
 */
export function holdTable(
  table: { tableUri: string; lockPath: string },
  runId: string,
  holds: SharedHolds | undefined,
  o: { waitMs: number; signal?: AbortSignal },
): Promise<TableLock> {
  return holds ? holds.take(`bronze-table ${table.tableUri}`, o) : lockTable(table.lockPath, runId, o);
}

/**
 * A lock file: one holder at a time (the table's hold, `holdTable`; a writer's name,
 * table-writers.ts). The file is created exclusively; a lock left by a process that died (SIGKILL)
 * is taken over. A live holder is waited for, up to `waitMs`.
 */
export async function lockTable(path: string, runId: string, o: { waitMs: number; signal?: AbortSignal }): Promise<TableLock> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + o.waitMs;
  for (;;) {
    const taken = await tryLock(path, runId);
    if ('release' in taken) return taken;
    if (taken.holder && Date.now() >= deadline) {
      const { holder } = taken;
      throw new Error(
        `the table is held by run ${holder.runId} (pid ${holder.pid}, since ${holder.since}), cleaning it up or writing its manifest snapshot; lock file ${path}`,
      );
    }
    // Held by a live process, or just created by one that has not written its name yet.
    await sleep(taken.holder ? 200 : 50, undefined, { signal: o.signal });
  }
}

/**
 * `lockTable` without waiting: the lock when it is free or its holder's process is gone (taken
 * over), undefined while a live process holds it (or has just created it).
 */
export async function tryLockFile(path: string, runId: string): Promise<TableLock | undefined> {
  await mkdir(dirname(path), { recursive: true });
  const taken = await tryLock(path, runId);
  return 'release' in taken ? taken : undefined;
}

/** One try at the lock: taken, or who holds it (no holder: created a moment ago, its name not written yet). */
async function tryLock(path: string, runId: string): Promise<TableLock | { holder?: LockOwner }> {
  const me: LockOwner = { ...processIdentity(), processStart: Math.round(performance.timeOrigin), runId, since: new Date().toISOString() };
  for (;;) {
    let fh;
    try {
      fh = await open(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw await namingNoSpace(err, path);
    }
    if (fh) {
      try {
        await fh.writeFile(JSON.stringify(me));
      } catch (err) {
        // Ours, and empty or half-written (a full disk): removed now, not left for the next run to wait out.
        await fh.close();
        await rm(path, { force: true });
        throw await namingNoSpace(err, path);
      }
      await fh.close();
      return { release: () => rm(path, { force: true }) };
    }
    const holder = await readOwner(path);
    if (!holder && (await ageMs(path)) < 2000) return {};
    if (holder && alive(holder)) return { holder };
    // Stale: its process is gone. Remove and race again for the exclusive create.
    await rm(path, { force: true });
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockOwner;
  } catch {
    return undefined; // gone meanwhile, or a half-written lock of a crashed writer
  }
}

function alive(o: LockOwner): boolean {
  if (o.pid === process.pid) return o.processStart === Math.round(performance.timeOrigin);
  // Gone, a zombie (killed, not yet reaped), or its pid reused: the table is free.
  return processRunning({ pid: o.pid, ...(o.startTicks ? { startTicks: o.startTicks } : {}) });
}

async function ageMs(path: string): Promise<number> {
  const s = await stat(path).catch(() => undefined);
  return s ? Date.now() - s.mtimeMs : Infinity;
}
