import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnZombie } from '@sluice/testing/process';
import { processIdentity } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { lockTable } from './table-lock.ts';

const lockPath = () => join(mkdtempSync(join(tmpdir(), 'sluice-lock-')), 't', '_sluice_writer.lock');

describe('lockTable', () => {
  it('lets one run hold the lock at a time, naming the holder to the one that waited too long', async () => {
    const path = lockPath();
    const a = await lockTable(path, 'run-a', { waitMs: 0 });
    await expect(lockTable(path, 'run-b', { waitMs: 300 })).rejects.toThrow(
      /the table is held by run run-a \(pid \d+, since .*\), cleaning it up or writing its manifest snapshot; lock file .*_sluice_writer\.lock/,
    );
    const waiting = lockTable(path, 'run-b', { waitMs: 5000 });
    setTimeout(() => void a.release(), 300);
    const b = await waiting;
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('run-b');
    await b.release();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over the lock of a process that died (SIGKILL leaves it behind)', async () => {
    const path = lockPath();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    await lockTable(path, 'setup', { waitMs: 0 }).then((l) => l.release());
    writeFileSync(path, JSON.stringify({ pid, processStart: 1, runId: 'crashed', since: '2026-01-01T00:00:00Z' }));
    const l = await lockTable(path, 'run-c', { waitMs: 0 });
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('run-c');
    await l.release();
  });

  it('takes over a lock left with its own pid by an earlier process (pid reused after a restart)', async () => {
    const path = lockPath();
    await lockTable(path, 'setup', { waitMs: 0 }).then((l) => l.release());
    writeFileSync(path, JSON.stringify({ pid: process.pid, processStart: 1, runId: 'before-restart', since: '2026-01-01T00:00:00Z' }));
    const l = await lockTable(path, 'run-d', { waitMs: 0 });
    await l.release();
  });

  it('takes over the lock of a process killed but not yet reaped (a zombie), without waiting for it', async () => {
    const path = lockPath();
    await lockTable(path, 'setup', { waitMs: 0 }).then((l) => l.release());
    const zombie = await spawnZombie();
    try {
      writeFileSync(path, JSON.stringify({ ...processIdentity(zombie.pid), processStart: 1, runId: 'killed', since: '2026-01-01T00:00:00Z' }));
      const l = await lockTable(path, 'run-e', { waitMs: 0 });
      expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('run-e');
      await l.release();
    } finally {
      zombie.reap();
    }
  });
});
