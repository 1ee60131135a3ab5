import type { BronzePart } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './open-store.ts';
import { testCheckpointRecord } from '../testing/test-checkpoint.ts';
import { openTestStore } from '../testing/test-store.ts';
import type { TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(async () => {
  temp = await openTestStore('sluice-nodestore-');
  store = temp.store;
});
afterEach(() => temp.dispose());

const record = testCheckpointRecord;

function part(path: string, over: Partial<BronzePart> = {}): BronzePart {
  return {
    table: 'file:///bronze/sales',
    path,
    sourceNode: 'src',
    sourceKey: 'a.csv',
    fingerprint: 'm:1',
    rows: 3,
    bytes: 100,
    schemaVersion: 1,
    runId: 'run-1',
    graphId: 'g1',
    createdAt: new Date(3000),
    ...over,
  };
}

describe('nodeStore', () => {
  it('writes checkpoints in a transaction and reads them back exactly', async () => {
    const ns = store.nodeStore('g1');
    await ns.transaction((tx) => tx.checkpoints.put(record('a.csv')));
    expect(await ns.checkpoints.get('src', 'a.csv')).toEqual(record('a.csv'));
    expect(await ns.checkpoints.get('src', 'b.csv')).toBeUndefined();
    // Another graph sees nothing of g1.
    expect(await store.nodeStore('g2').checkpoints.get('src', 'a.csv')).toBeUndefined();
  });

  it('writes and updates a checkpoint whose optional fields are null or set', async () => {
    const ns = store.nodeStore('g1');
    const bare = record('n.csv', { modifiedAt: null, rows: null, etag: null });
    await ns.transaction((tx) => tx.checkpoints.put(bare));
    expect(await ns.checkpoints.get('src', 'n.csv')).toEqual(bare);
    const full = record('n.csv', { modifiedAt: new Date(7000), etag: 'abc', versionId: 'v1', contentHash: 'h', error: 'e', rows: 0 });
    await ns.transaction((tx) => tx.checkpoints.put(full));
    expect(await ns.checkpoints.get('src', 'n.csv')).toEqual(full);
    await ns.transaction((tx) => tx.checkpoints.put(bare));
    expect(await ns.checkpoints.get('src', 'n.csv')).toEqual(bare);
  });

  it('reads the same records in batches (getMany maps rows itself) as one by one', async () => {
    const ns = store.nodeStore('g1');
    const bare = record('bare.csv', { modifiedAt: null, rows: null });
    const full = record('full.csv', {
      modifiedAt: new Date(7000),
      etag: 'abc',
      versionId: 'v1',
      contentHash: 'h',
      error: 'e',
      rows: 0,
      status: 'quarantined',
      attempts: 3,
    });
    await ns.transaction(async (tx) => {
      await tx.checkpoints.put(bare);
      await tx.checkpoints.put(full);
    });
    const found = await ns.checkpoints.getMany('src', ['bare.csv', 'full.csv']);
    expect(found.get('bare.csv')).toEqual(bare);
    expect(found.get('full.csv')).toEqual(full);
    expect(found.get('full.csv')).toEqual(await ns.checkpoints.get('src', 'full.csv'));
    expect(found.get('full.csv')!.modifiedAt).toBeInstanceOf(Date);
  });

  it('keeps first_seen_at and updates the rest on a second put', async () => {
    const ns = store.nodeStore('g1');
    await ns.transaction((tx) => tx.checkpoints.put(record('a.csv', { status: 'failed', attempts: 1, error: 'bad' })));
    await ns.transaction((tx) => tx.checkpoints.put(record('a.csv', { firstSeenAt: new Date(9000), attempts: 0, updatedAt: new Date(9000) })));
    expect(await ns.checkpoints.get('src', 'a.csv')).toMatchObject({
      status: 'processed',
      error: null,
      firstSeenAt: new Date(1000),
      updatedAt: new Date(9000),
    });
  });

  it('reads many keys in batches', async () => {
    const ns = store.nodeStore('g1');
    const keys = Array.from({ length: 1234 }, (_, i) => `f${i}.csv`);
    await ns.transaction(async (tx) => {
      for (const k of keys.filter((_, i) => i % 3 === 0)) await tx.checkpoints.put(record(k));
    });
    const found = await ns.checkpoints.getMany('src', [...keys, 'f0.csv']);
    expect(found.size).toBe(412);
    expect(found.get('f1233.csv')?.key).toBe('f1233.csv');
    expect(found.has('f1.csv')).toBe(false);
  });

  it('rolls back everything when the transaction throws, and rethrows the error as it came', async () => {
    const ns = store.nodeStore('g1');
    const failure = new Error('sink failed');
    await expect(
      ns.transaction(async (tx) => {
        await tx.checkpoints.put(record('a.csv'));
        await tx.parts.add(part('p1.parquet'));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await ns.checkpoints.get('src', 'a.csv')).toBeUndefined();
    expect(await ns.parts.list('file:///bronze/sales')).toEqual([]);
  });

  it('commits what the function wrote after awaiting other work', async () => {
    const ns = store.nodeStore('g1');
    await ns.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await tx.checkpoints.put(record('a.csv'));
    });
    expect(await ns.checkpoints.get('src', 'a.csv')).toEqual(record('a.csv'));
  });

  it('refuses a record of another graph', async () => {
    await expect(store.nodeStore('g2').transaction((tx) => tx.checkpoints.put(record('a.csv')))).rejects.toThrow(/graph "g1".*graph "g2"/);
  });

  it('keeps watermarks per source node', async () => {
    const ns = store.nodeStore('g1');
    expect(await ns.checkpoints.getWatermark('src')).toBeUndefined();
    await ns.transaction((tx) => tx.checkpoints.setWatermark('src', new Date(100)));
    await ns.transaction((tx) => tx.checkpoints.setWatermark('src', new Date(200)));
    expect(await ns.checkpoints.getWatermark('src')).toEqual(new Date(200));
    expect(await ns.checkpoints.getWatermark('other')).toBeUndefined();
  });

  it('records, replaces and removes Bronze parts and schema versions', async () => {
    const ns = store.nodeStore('g1');
    const table = 'file:///bronze/sales';
    await ns.transaction(async (tx) => {
      await tx.parts.add(part('p1.parquet'));
      await tx.parts.add(part('p2.parquet', { sourceKey: 'b.csv' }));
      await tx.parts.addSchemaVersion({ table, version: 1, columns: { a: 'Int64', b: 'String' }, createdAt: new Date(1) });
    });
    expect(await ns.parts.partsOf(table, 'src', 'a.csv')).toEqual([part('p1.parquet')]);
    await ns.transaction(async (tx) => {
      await tx.parts.add(part('p1.parquet', { rows: 7 }));
      await tx.parts.remove(table, 'p2.parquet');
      await tx.parts.addSchemaVersion({ table, version: 1, columns: { a: 'Int64', b: 'String' }, createdAt: new Date(1) });
    });
    expect(await ns.parts.list(table)).toEqual([part('p1.parquet', { rows: 7 })]);
    expect(await ns.parts.schemaVersions(table)).toEqual([{ table, version: 1, columns: { a: 'Int64', b: 'String' }, createdAt: new Date(1) }]);
    await expect(ns.transaction((tx) => tx.parts.addSchemaVersion({ table, version: 1, columns: { a: 'String' }, createdAt: new Date(1) }))).rejects.toThrow(
      /schema version 1 .* other columns/,
    );
  });

  it("sees only its own graph's parts of a file, and refuses to record a part of another graph; the table is the whole table's", async () => {
    const table = 'file:///bronze/sales';
    await store.nodeStore('g1').transaction((tx) => tx.parts.add(part('g1.parquet')));
    await store.nodeStore('g2').transaction((tx) => tx.parts.add(part('g2.parquet', { graphId: 'g2' })));
    for (const g of ['g1', 'g2']) {
      const ns = store.nodeStore(g);
      expect((await ns.parts.partsOf(table, 'src', 'a.csv')).map((p) => p.path)).toEqual([`${g}.parquet`]);
      expect((await ns.parts.partsOfFiles(table, [{ sourceNode: 'src', key: 'a.csv' }]))[0]!.map((p) => p.path)).toEqual([`${g}.parquet`]);
      expect(await ns.transaction((tx) => tx.parts.partsOf(table, 'src', 'a.csv'))).toHaveLength(1);
      expect((await ns.parts.paths(table)).map((p) => p.path)).toEqual(['g1.parquet', 'g2.parquet']);
    }
    await expect(store.nodeStore('g2').transaction((tx) => tx.parts.addMany([part('x.parquet')]))).rejects.toThrow(
      'a part of graph g1 cannot be recorded by graph g2',
    );
  });

  it("lists a file's parts in path order, whatever order they were added in", async () => {
    const ns = store.nodeStore('g1');
    const table = 'file:///bronze/sales';
    await ns.transaction(async (tx) => {
      for (const p of ['k/3.parquet', 'k/1.parquet', 'k/2.parquet']) await tx.parts.add(part(p));
      await tx.parts.add(part('k/0.parquet', { sourceKey: 'other.csv' }));
    });
    expect((await ns.parts.partsOf(table, 'src', 'a.csv')).map((p) => p.path)).toEqual(['k/1.parquet', 'k/2.parquet', 'k/3.parquet']);
  });

  it('checkpoint repository lists with filters and resets (with the watermark)', async () => {
    const ns = store.nodeStore('g1');
    await ns.transaction(async (tx) => {
      await tx.checkpoints.put(record('a.csv'));
      await tx.checkpoints.put(record('b.csv', { status: 'failed', error: 'bad' }));
      await tx.checkpoints.put(record('c.csv', { sourceNode: 'other' }));
      await tx.checkpoints.setWatermark('src', new Date(100));
    });
    expect((await store.checkpoints.list('g1', { status: 'failed' }, 10, 0)).items.map((r) => r.key)).toEqual(['b.csv']);
    expect(await store.checkpoints.list('g1', {}, 1, 1)).toMatchObject({ total: 3, items: [{ key: 'a.csv', sourceNode: 'src' }] });
    expect(await store.checkpoints.reset('g1', { status: 'failed' })).toBe(1);
    expect(await ns.checkpoints.getWatermark('src')).toEqual(new Date(100));
    expect(await store.checkpoints.reset('g1', { sourceNode: 'src' })).toBe(1);
    expect(await ns.checkpoints.getWatermark('src')).toBeUndefined();
    expect((await store.checkpoints.list('g1', {}, 10, 0)).total).toBe(1);
  });
});

// On PostgreSQL a transaction level's checkpoint puts are written together at its end
// (checkpoint-put-buffer.ts); on either dialect they must behave as if written one by one.
describe('checkpoint puts of one transaction level', () => {
  it('are seen by reads in the transaction, roll back with their savepoint only, and keep the first sighting', async () => {
    const ns = store.nodeStore('g1');
    await ns.transaction((tx) => tx.checkpoints.put(record('old.csv', { firstSeenAt: new Date(500), rows: 1 })));
    const seen = await ns.transaction(async (tx) => {
      await tx.checkpoints.put(record('a.csv', { firstSeenAt: new Date(1000), rows: 1 }));
      await tx.checkpoints.put(record('a.csv', { firstSeenAt: new Date(2000), rows: 2 }));
      await tx.checkpoints.put(record('old.csv', { firstSeenAt: new Date(3000), rows: 3 }));
      // Read back in the same level, one key and several, through the transaction and the node store.
      const one = await tx.checkpoints.get('src', 'a.csv');
      const many = await ns.checkpoints.getMany('src', ['a.csv', 'old.csv', 'none.csv']);
      // A savepoint that fails writes none of its puts; the outer ones stay.
      await ns
        .transaction(async (inner) => {
          await inner.checkpoints.put(record('lost.csv'));
          await inner.checkpoints.put(record('a.csv', { rows: 99 }));
          throw new Error('this file failed');
        })
        .catch(() => {});
      // A savepoint that succeeds sees the outer puts and keeps its own.
      await ns.transaction(async (inner) => {
        expect((await inner.checkpoints.get('src', 'a.csv'))?.rows).toBe(2);
        await inner.checkpoints.put(record('b.csv', { rows: 5 }));
      });
      return { one, many };
    });
    expect(seen.one).toMatchObject({ rows: 2, firstSeenAt: new Date(1000) });
    expect(seen.many.get('a.csv')).toMatchObject({ rows: 2 });
    // A stored record keeps its first sighting, whatever a later put says.
    expect(seen.many.get('old.csv')).toMatchObject({ rows: 3, firstSeenAt: new Date(500) });
    expect(seen.many.has('none.csv')).toBe(false);
    expect(await ns.checkpoints.get('src', 'a.csv')).toMatchObject({ rows: 2, firstSeenAt: new Date(1000) });
    expect(await ns.checkpoints.get('src', 'lost.csv')).toBeUndefined();
    expect(await ns.checkpoints.get('src', 'b.csv')).toMatchObject({ rows: 5 });
  });

  it('a put the database refuses fails the savepoint it was made in, not the others', async () => {
    const ns = store.nodeStore('g1');
    const outcome = await ns.transaction(async (tx) => {
      await tx.checkpoints.put(record('kept.csv'));
      // NOT NULL refused by the database, when the level writes its puts.
      const bad = await ns
        .transaction((inner) => inner.checkpoints.put(record('bad.csv', { fingerprint: null as never })))
        .then(
          () => 'written',
          (err: Error) => err.message,
        );
      await tx.checkpoints.put(record('after.csv'));
      return bad;
    });
    expect(outcome).not.toBe('written');
    expect(await ns.checkpoints.get('src', 'kept.csv')).toBeDefined();
    expect(await ns.checkpoints.get('src', 'after.csv')).toBeDefined();
    expect(await ns.checkpoints.get('src', 'bad.csv')).toBeUndefined();
  });

  it('a prune sees the puts made before it in its transaction', async () => {
    const ns = store.nodeStore('g1');
    const pruned = await ns.transaction(async (tx) => {
      await tx.checkpoints.put(record('p.csv', { status: 'processed', modifiedAt: new Date(10), updatedAt: new Date(10) }));
      return tx.checkpoints.prune('src', { modifiedBefore: new Date(100), updatedBefore: new Date(100) });
    });
    expect(pruned).toBe(1);
    expect(await ns.checkpoints.get('src', 'p.csv')).toBeUndefined();
  });
});
