import { emptyGraph } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testGate } from '../testing/test-gate.ts';
import { openTestStore, TEST_STORE_DIALECT } from '../testing/test-store.ts';
import type { Store } from './open-store.ts';
import type { TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = await openTestStore('sluice-tx-');
  store = temp.store;
});
afterEach(() => temp.dispose());

const turn = () => new Promise((resolve) => setImmediate(resolve));
/** SQLite's store lock: one transaction at a time, a call from outside waits (README.md, "Transactions"). PostgreSQL runs them side by side. */
const onSqlite = TEST_STORE_DIALECT === 'sqlite';

describe('Store.transaction', () => {
  // On SQLite only while the run repository is (not yet on StoreDb on this branch).
  it.runIf(onSqlite)('runs the calls made inside it at once, seeing its own writes (no deadlock)', async () => {
    const seen = await store.transaction(async () => {
      const g = await store.graphs.create(emptyGraph('inside'));
      await store.runs.enqueue({ graphId: g.id, trigger: { kind: 'manual' } });
      return { graph: await store.graphs.get(g.id), inTransaction: store.inTransaction() };
    });
    expect(seen.graph?.name).toBe('inside');
    expect(seen.inTransaction).toBe(true);
    expect(store.inTransaction()).toBe(false);
  });

  it.runIf(onSqlite)('makes a call from outside wait until the commit, then see only committed rows', async () => {
    const g = testGate();
    let id = '';
    const tx = store.transaction(async () => {
      id = (await store.graphs.create(emptyGraph('pending'))).id;
      await g.opened;
    });
    await turn();
    let outside: string[] | undefined;
    // Started while the transaction is open: it must not read its uncommitted row.
    const reading = store.graphs.names().then((rows) => (outside = rows.map((r) => r.name)));
    expect(store.inTransaction()).toBe(false);
    await turn();
    expect(outside).toBeUndefined();
    g.open();
    await tx;
    await reading;
    expect(outside).toEqual(['pending']);
    expect((await store.graphs.get(id))?.name).toBe('pending');
  });

  it('keeps a write from outside out of a transaction that rolls back', async () => {
    const g = testGate();
    const failed = store.transaction(async () => {
      await store.graphs.create(emptyGraph('rolled back'));
      await g.opened;
      throw new Error('the transaction fails');
    });
    await turn();
    // A write outside any transaction commits on its own, whatever happens to the one open meanwhile.
    const written = store.graphs.create(emptyGraph('committed alone'));
    g.open();
    await expect(failed).rejects.toThrow('the transaction fails');
    await written;
    expect((await store.graphs.names()).map((r) => r.name)).toEqual(['committed alone']);
  });

  it.runIf(onSqlite)('runs transactions of concurrent callers one after the other', async () => {
    const log: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        store.transaction(async () => {
          log.push(`${name} begins`);
          await store.graphs.create(emptyGraph(name));
          await turn();
          log.push(`${name} commits`);
        }),
      ),
    );
    expect(log).toEqual(['a begins', 'a commits', 'b begins', 'b commits', 'c begins', 'c commits']);
  });

  it('rolls back only a nested transaction that fails (a savepoint)', async () => {
    await store.transaction(async () => {
      await store.graphs.create(emptyGraph('outer'));
      await expect(
        store.transaction(async () => {
          await store.graphs.create(emptyGraph('inner'));
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      await store.transaction(() => store.graphs.create(emptyGraph('second inner')));
    });
    expect((await store.graphs.names()).map((r) => r.name).sort()).toEqual(['outer', 'second inner']);
  });

  // The store lock's check (db-client.ts); PostgreSQL's client has no such check yet.
  it.runIf(onSqlite)('fails and rolls back a transaction that ends before a nested one it did not await', async () => {
    const g = testGate();
    let nested!: Promise<unknown>;
    await expect(
      store.transaction(async () => {
        await store.graphs.create(emptyGraph('half'));
        nested = store.transaction(() => g.opened);
        nested.catch(() => {});
      }),
    ).rejects.toThrow(/still going \(a missing await\?\)/);
    g.open();
    await nested.catch(() => {});
    expect(await store.graphs.names()).toEqual([]);
  });

  it('runs detached work outside the transaction that calls it', async () => {
    const seen: boolean[] = [];
    const wake = store.detached(() => seen.push(store.inTransaction()));
    await store.transaction(async () => {
      wake();
      seen.push(store.inTransaction());
    });
    expect(seen).toEqual([false, true]);
  });

  it.runIf(!onSqlite)('lets a call from outside go on meanwhile on PostgreSQL, seeing only committed rows', async () => {
    const g = testGate();
    const tx = store.transaction(async () => {
      await store.graphs.create(emptyGraph('pending'));
      await g.opened;
    });
    await turn();
    // Another connection of the pool: it does not wait for the transaction, nor see its row.
    expect(await store.graphs.names()).toEqual([]);
    await store.graphs.create(emptyGraph('alongside'));
    g.open();
    await tx;
    expect((await store.graphs.names()).map((r) => r.name).sort()).toEqual(['alongside', 'pending']);
  });
});
