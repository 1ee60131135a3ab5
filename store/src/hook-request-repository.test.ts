import { emptyGraph } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, reopenTestStore, TEST_STORE_DIALECT } from '../testing/test-store.ts';
import type { Store } from './open-store.ts';
import type { TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = await openTestStore('sluice-hook-requests-');
  store = temp.store;
  await store.graphs.create(emptyGraph('A'), { id: 'ga' });
});
afterEach(() => temp.dispose());

describe('HookRequestRepository', () => {
  it('records requests, finds a used signature, lists newest first and prunes by age', async () => {
    const first = await store.hookRequests.record({
      receivedAt: new Date(1_000),
      path: 'in',
      graphId: 'ga',
      status: 'accepted',
      httpStatus: 202,
      runId: 'run-1',
      signature: 'sig-1',
    });
    const second = await store.hookRequests.record({ receivedAt: new Date(9_000), path: 'in', status: 'rejected', httpStatus: 401, reason: 'bad signature' });
    expect(second.id).toBeGreaterThan(first.id);
    expect(await store.hookRequests.signatureUsedBy('sig-1')).toBe(first.id);
    expect(await store.hookRequests.signatureUsedBy('sig-2')).toBeUndefined();
    // The signature is unique: a replay recorded as accepted again is refused by the index.
    await expect(
      store.hookRequests.record({ receivedAt: new Date(2_000), path: 'in', status: 'accepted', httpStatus: 202, signature: 'sig-1' }),
    ).rejects.toThrow();
    expect(await store.hookRequests.list({}, 10, 0)).toMatchObject({
      total: 2,
      items: [
        { id: second.id, reason: 'bad signature' },
        { id: first.id, runId: 'run-1' },
      ],
    });
    expect(await store.hookRequests.list({ graphId: 'ga', status: 'accepted' }, 10, 0)).toMatchObject({ total: 1, items: [{ id: first.id }] });
    expect(await store.hookRequests.prune(new Date(5_000))).toBe(1);
    expect(await store.hookRequests.prune(new Date(5_000))).toBe(0);
    expect((await store.hookRequests.list({}, 10, 0)).items.map((r) => r.id)).toEqual([second.id]);
  });

  it('lets one of two requests with one signature at once record it; the other finds it used', async () => {
    // What the webhook trigger does: the replay check and the record in one transaction. PostgreSQL:
    // two connections, as two serve processes have; SQLite: one store.
    const other = TEST_STORE_DIALECT === 'postgres' ? await reopenTestStore(temp) : store;
    const accept = (s: Store, i: number) =>
      s.transaction(async () => {
        const replayOf = await s.hookRequests.signatureUsedBy('sig-once');
        if (replayOf !== undefined) return { replayOf };
        // Time for the other request to make its check meanwhile, were it not kept waiting.
        await new Promise((r) => setTimeout(r, 50));
        return s.hookRequests.record({ receivedAt: new Date(1_000 + i), path: 'in', status: 'accepted', httpStatus: 202, signature: 'sig-once' });
      });
    const results = await Promise.all([accept(store, 0), accept(other, 1)]);
    const recorded = results.filter((r) => 'id' in r);
    expect(recorded).toHaveLength(1);
    expect(results.filter((r) => 'replayOf' in r)).toEqual([{ replayOf: (recorded[0] as { id: number }).id }]);
    if (other !== store) await other.close();
  });

  it('records a path and reason holding U+0000 (U+FFFD in its place on PostgreSQL)', async () => {
    const { id } = await store.hookRequests.record({
      receivedAt: new Date(1_000),
      path: 'in\u0000x',
      status: 'rejected',
      httpStatus: 400,
      reason: 'body: "\u0000"',
    });
    const kept = (s: string) => (TEST_STORE_DIALECT === 'postgres' ? s.replaceAll('\u0000', '\uFFFD') : s);
    expect((await store.hookRequests.list({}, 10, 0)).items).toMatchObject([{ id, path: kept('in\u0000x'), reason: kept('body: "\u0000"') }]);
  });
});
