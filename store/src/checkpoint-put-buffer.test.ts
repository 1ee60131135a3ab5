import type { CheckpointRecord } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { testCheckpointRecord as record } from '../testing/test-checkpoint.ts';
import { CheckpointPutBuffer } from './checkpoint-put-buffer.ts';

// What the buffer writes when: the store suites (node-store.test.ts, both dialects) check that the
// records come out as if put one by one; this checks that a level's puts make one write.
/** Stands for the store's transaction or savepoint around a level's body. */
const open = <T>(body: () => Promise<T>) => body();

function recorder() {
  const writes: string[][] = [];
  const buffer = new CheckpointPutBuffer(async (records: readonly CheckpointRecord[]) => {
    writes.push(records.map((r) => `${r.key}:${r.rows}:${r.firstSeenAt.getTime()}`));
  });
  return { writes, buffer };
}

describe('CheckpointPutBuffer', () => {
  it('writes the puts of a level once, at its end, repeats merged (last record, first sighting)', async () => {
    const { writes, buffer } = recorder();
    await buffer.level(open, async () => {
      for (let i = 0; i < 100; i++) expect(buffer.put(record(`f${i}`))).toBe(true);
      buffer.put(record('f1', { rows: 7, firstSeenAt: new Date(9) }));
      expect(writes).toEqual([]);
    });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(100);
    expect(writes[0]!.at(-1)).toBe('f1:7:1000');
  });

  it('writes a parent level before a nested one starts, and nothing of a level that throws', async () => {
    const { writes, buffer } = recorder();
    await buffer.level(open, async () => {
      buffer.put(record('outer'));
      await buffer
        .level(open, async () => {
          expect(writes).toEqual([['outer:3:1000']]);
          buffer.put(record('inner'));
          throw new Error('rolled back');
        })
        .catch(() => {});
      buffer.put(record('after'));
    });
    expect(writes).toEqual([['outer:3:1000'], ['after:3:1000']]);
  });

  it('writes the level before a read of a key it holds, not before reads of others; outside a level it holds nothing', async () => {
    const { writes, buffer } = recorder();
    await buffer.level(open, async () => {
      buffer.put(record('a'));
      await buffer.beforeRead('src', ['b']);
      expect(writes).toEqual([]);
      await buffer.beforeRead('other-node', ['a']);
      expect(writes).toEqual([]);
      await buffer.beforeRead('src', ['b', 'a']);
      expect(writes).toEqual([['a:3:1000']]);
    });
    expect(writes).toHaveLength(1);
    expect(buffer.put(record('loose'))).toBe(false);
  });
});
