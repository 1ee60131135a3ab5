import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainGraph, runTestGraph } from '@sluice/engine/testing';
import type { SharedHolds } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';

const graph = chainGraph('held', [
  { id: 'src', type: 'source-local', config: { folder: 'in', patterns: ['*.csv'] } },
  { id: 'csv', type: 'parse-csv' },
  { id: 'sink', type: 'bronze-sink', config: { table: 'sales' } },
]);

/**
 * Holds as a PostgreSQL store's leases behave for a writer that loses the table's hold after
 * `fenced` fences of it (paused past the hold, which another writer took): every later fence
 * refuses. The writer's own hold (its commits' fence) is never lost here.
 */
function holdsLostAfter(fenced: number): { holds: SharedHolds; fences: () => number } {
  let fences = 0;
  const writerHold = { fence: async () => {}, release: async () => {} };
  const holds: SharedHolds = {
    // A writer's hold (its name is its own) and a gone writer found by the clean-up: nothing fenced.
    tryTake: async () => writerHold,
    names: async () => [],
    take: async (name) =>
      name.startsWith('bronze-writer ')
        ? writerHold
        : {
            fence: async () => {
              if (++fences > fenced) throw new Error('lease lost to another holder: bronze-table');
            },
            release: async () => {},
          },
  };
  return { holds, fences: () => fences };
}

describe('the manifest snapshot under a hold shared through the store', () => {
  it('is written by the writer that holds the table, and left alone by one that lost the hold before its close', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-snapshot-hold-')));
    const data = join(dir, 'data');
    const bronze = join(data, 'bronze');
    mkdirSync(join(dir, 'in'));
    mkdirSync(bronze, { recursive: true });
    const access = { inputRoots: [join(dir, 'in')], outputRoots: [bronze], allowedEndpoints: [] };
    const snapshot = () => JSON.parse(readFileSync(join(bronze, 'sales', '_sluice_manifest.json'), 'utf8')) as { rows: number; parts: unknown[] };

    writeFileSync(join(dir, 'in', 'a.csv'), 'id\n1\n2\n');
    const held = holdsLostAfter(Number.POSITIVE_INFINITY);
    const first = await runTestGraph(graph, { dataDir: data, graphDir: dir, access, holds: held.holds });
    expect(first.summary).toMatchObject({ status: 'succeeded', errors: [], warnings: [] });
    expect(held.fences()).toBe(1); // the snapshot's (a commit fences the writer's own hold)
    expect(snapshot()).toMatchObject({ rows: 2, parts: [expect.anything()] });

    // The second run commits its one file (a.csv is gone from the folder), then loses the table's hold before writing the snapshot.
    rmSync(join(dir, 'in', 'a.csv'));
    writeFileSync(join(dir, 'in', 'b.csv'), 'id\n3\n');
    const lost = holdsLostAfter(0);
    const second = await runTestGraph(graph, { dataDir: data, graphDir: dir, access, holds: lost.holds });
    expect(second.summary.files).toMatchObject({ processed: 1, failed: 0 });
    expect(lost.fences()).toBe(1);
    // The snapshot is the first run's: the holder now writes its own.
    expect(snapshot()).toMatchObject({ rows: 2, parts: [expect.anything()] });
    expect(second.summary.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining("the table's manifest snapshot was left to its next writer: lease lost to another holder"),
    ]);
  });
});
