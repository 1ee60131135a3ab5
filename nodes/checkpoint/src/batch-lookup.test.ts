import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import type { CheckpointRecord } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchLookup } from './batch-lookup.ts';

let temp: TempStore;
beforeEach(async () => {
  temp = await openTestStore('sluice-lookup-');
});
afterEach(() => temp.dispose());

function rec(key: string): CheckpointRecord {
  const t = new Date();
  return {
    graphId: 'g',
    sourceNode: 's',
    key,
    size: 1,
    modifiedAt: t,
    etag: null,
    versionId: null,
    fingerprint: 'm:1:1',
    contentHash: null,
    rows: 1,
    status: 'processed',
    error: null,
    attempts: 0,
    runId: 'r',
    firstSeenAt: t,
    updatedAt: t,
  };
}

describe('BatchLookup', () => {
  it('answers look-ups made together with one query, per source node', async () => {
    const store = temp.store.nodeStore('g');
    await store.transaction(async (tx) => {
      for (const k of ['a', 'c']) await tx.checkpoints.put(rec(k));
    });
    const lookup = new BatchLookup(store.checkpoints);
    const found = await Promise.all(['a', 'b', 'c'].map((k) => lookup.get('s', k)));
    expect(found.map((r) => r?.key)).toEqual(['a', undefined, 'c']);
    expect(lookup.queries).toBe(1);
    await Promise.all([lookup.get('s', 'a'), lookup.get('other', 'a')]);
    expect(lookup.queries).toBe(3);
  });

  it('sends a full batch at once', async () => {
    const lookup = new BatchLookup(temp.store.nodeStore('g').checkpoints);
    await Promise.all(Array.from({ length: 1200 }, (_, i) => lookup.get('s', `k${i}`)));
    expect(lookup.queries).toBe(3);
  });
});
