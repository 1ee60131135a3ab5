import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statMany } from './stat-many.ts';

describe('statMany', () => {
  it('stats every path in order, with undefined for a file that is not there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-stat-many-'));
    const paths = Array.from({ length: 100 }, (_, i) => join(dir, `f${i}.csv`));
    paths.forEach((p, i) => i !== 40 && writeFileSync(p, 'x'.repeat(i)));
    const stats = await statMany(paths);
    expect(stats).toHaveLength(100);
    expect(stats[40]).toBeUndefined();
    expect(stats.map((s, i) => (i === 40 ? -1 : s!.size))).toEqual(paths.map((_, i) => (i === 40 ? -1 : i)));
    expect(stats[7]!.mtime).toBeInstanceOf(Date);
  });

  it('answers an empty list at once', async () => {
    expect(await statMany([])).toEqual([]);
  });
});
