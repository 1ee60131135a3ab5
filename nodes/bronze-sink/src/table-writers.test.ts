import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SharedHolds } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { holdWriter, TableWriters, writerLockPath } from './table-writers.ts';

/** A table folder with its lock path, as `openStorage` gives a local table. */
function place() {
  const dir = join(mkdtempSync(join(tmpdir(), 'sluice-writers-')), 't');
  mkdirSync(dir);
  return { dir, place: { tableUri: `file://${dir}`, lockPath: join(dir, '_sluice_writer.lock') } };
}

/** A lock file as a writer's process that has died left it. */
function deadWriter(lockPath: string, writer: string) {
  const pid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
  writeFileSync(writerLockPath(lockPath, writer), JSON.stringify({ pid, processStart: 1, runId: 'crashed', since: '2026-01-01T00:00:00Z' }));
}

describe('TableWriters with lock files', () => {
  it('tells a live writer from a gone one, and removes the gone ones’ lock files, those of writers that wrote nothing too', async () => {
    const { dir, place: at } = place();
    const live = await holdWriter(at, 'a1a1a1a1', 'run-live', undefined);
    deadWriter(at.lockPath, 'd0d0d0d0');
    deadWriter(at.lockPath, 'd1d1d1d1');
    const writers = new TableWriters(at, undefined, 'run-clean');
    expect(await writers.gone('a1a1a1a1')).toBe(false);
    expect(await writers.gone('d0d0d0d0')).toBe(true);
    // Held by the clean-up until its release: the gone writer's name cannot be taken meanwhile.
    await expect(holdWriter(at, 'd0d0d0d0', 'run-late', undefined)).rejects.toThrow(/the writer name d0d0d0d0 of table .* is taken/);
    await writers.sweep();
    await writers.release();
    expect(readdirSync(dir).sort()).toEqual(['_sluice_writer-a1a1a1a1.lock']);
    await live.release();
    expect(existsSync(writerLockPath(at.lockPath, 'a1a1a1a1'))).toBe(false);
  });
});

describe('TableWriters with holds shared through the store', () => {
  it('sweeps the writers the store knows of: a gone one is taken over and let go, a live one left, another table not asked about', async () => {
    const { place: at } = place();
    const prefix = `bronze-writer ${at.tableUri} `;
    const asked: string[] = [];
    const released: string[] = [];
    const holds: SharedHolds = {
      take: async () => {
        throw new Error('not taken here');
      },
      names: async (p) => [`${prefix}a1a1a1a1`, `${prefix}d0d0d0d0`, 'bronze-writer file:///other d1d1d1d1'].filter((n) => n.startsWith(p)),
      tryTake: async (name, o) => {
        asked.push(name);
        expect(o).toEqual({ once: true });
        return name.endsWith('d0d0d0d0') ? { fence: async () => {}, release: async () => void released.push(name) } : undefined;
      },
    };
    const writers = new TableWriters(at, holds, 'run-clean');
    await writers.sweep();
    await writers.release();
    expect(asked.sort()).toEqual([`${prefix}a1a1a1a1`, `${prefix}d0d0d0d0`]);
    expect(released).toEqual([`${prefix}d0d0d0d0`]);
  });
});
