import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lockDataDir', () => {
  it('holds the folder for one process and frees it on release', () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'));
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(existsSync(join(dir, 'server.lock'))).toBe(false);
  });

  it('refuses a folder held by a live process, naming it', () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'));
    // The parent process is alive and is not us.
    writeFileSync(join(dir, 'server.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(`in use by another Sluice process (${process.ppid})`);
  });

  it('takes over a lock left by a process that died', () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'));
    writeFileSync(join(dir, 'server.lock'), '999999999');
    lockDataDir(dir).release();
  });
});
