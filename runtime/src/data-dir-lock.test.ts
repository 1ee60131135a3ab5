import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processIdentity } from '@sluice/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';
import { processState, spawnZombie } from '@sluice/testing/process';

let dir: string;
const children: ChildProcess[] = [];
const reapers: (() => void)[] = [];
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const reap of reapers.splice(0)) reap();
});

const lockFile = () => join(dir, 'server.lock');

/** A live process that is not a Sluice one and not ours. */
function sleeper(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

describe('lockDataDir', () => {
  it('holds the folder for one process, naming it by pid and start time, readable by its owner only, and frees it on release', () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual(processIdentity());
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual({ pid: process.pid, startTicks: expect.stringMatching(/^\d+$/) });
    expect(statSync(lockFile()).mode & 0o777).toBe(0o600);
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses a folder held by a live process, named by pid and start time or by a bare pid (older versions)', () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'));
    const pid = sleeper();
    writeFileSync(lockFile(), JSON.stringify(processIdentity(pid)));
    expect(() => lockDataDir(dir)).toThrow(`in use by another Sluice process (${pid})`);
    // The parent process is alive and is not us.
    writeFileSync(lockFile(), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(`in use by another Sluice process (${process.ppid})`);
  });

  it('takes over a lock left by a process that died and was reaped', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'));
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const identity = processIdentity(child.pid!);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(existsSync(`/proc/${child.pid}`)).toBe(false);
    writeFileSync(lockFile(), JSON.stringify(identity));
    lockDataDir(dir).release();
    writeFileSync(lockFile(), '999999999');
    lockDataDir(dir).release();
  });

  it('takes over a lock whose holder was killed but not yet reaped (a zombie)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'));
    const z = await spawnZombie();
    reapers.push(z.reap);
    const pid = z.pid;
    expect(processState(pid)).toBe('Z');
    writeFileSync(lockFile(), JSON.stringify(processIdentity(pid)));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    lock.release();
    // A bare pid (older versions) names the zombie as well.
    writeFileSync(lockFile(), String(pid));
    lockDataDir(dir).release();
  });

  it('takes over a lock whose pid now belongs to a process started later (pid reuse)', () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'));
    const pid = sleeper();
    const { startTicks } = processIdentity(pid);
    writeFileSync(lockFile(), JSON.stringify({ pid, startTicks }));
    expect(() => lockDataDir(dir)).toThrow(`in use by another Sluice process (${pid})`);
    writeFileSync(lockFile(), JSON.stringify({ pid, startTicks: String(Number(startTicks) - 1) }));
    lockDataDir(dir).release();
  });
});
