import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statMany } from './stat-many.ts';

function files(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-stat-many-'));
  const paths = Array.from({ length: 100 }, (_, i) => join(dir, `f${i}.csv`));
  paths.forEach((p, i) => i !== 40 && writeFileSync(p, 'x'.repeat(i)));
  return paths;
}

const sizes = (stats: ({ size: number } | undefined)[]) => stats.map((s) => s?.size ?? -1);
const expected = Array.from({ length: 100 }, (_, i) => (i === 40 ? -1 : i));

describe('statMany', () => {
  it('stats every path in order, with undefined for a file that is not there', async () => {
    const stats = await statMany(files());
    expect(stats).toHaveLength(100);
    expect(stats[40]).toBeUndefined();
    expect(sizes(stats)).toEqual(expected);
    expect(stats[7]!.mtime).toBeInstanceOf(Date);
  });

  it('gives the same answers synchronously, and keeps to that while it is quick', async () => {
    const paths = files();
    const pace = { sync: true };
    const stats = await statMany(paths, pace, 10_000);
    expect(sizes(stats)).toEqual(expected);
    expect(stats[7]!.mtime.getTime()).toBe((await statMany([paths[7]!]))[0]!.mtime.getTime());
    expect(pace.sync).toBe(true);
  });

  it('hands the rest of a slow batch, and the batches after it, to the thread pool', async () => {
    const paths = files();
    const pace = { sync: true };
    // Any time over the budget counts as slow: the first file is stat'ed at once, the rest on the pool.
    const stats = await statMany(paths, pace, -1);
    expect(sizes(stats)).toEqual(expected);
    expect(pace.sync).toBe(false);
    expect(sizes(await statMany(paths, pace))).toEqual(expected);
  });

  it('answers an empty list at once', async () => {
    expect(await statMany([])).toEqual([]);
    expect(await statMany([], { sync: true })).toEqual([]);
  });
});
