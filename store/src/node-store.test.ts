import type { BronzePart, CheckpointRecord } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './open-store.ts';
import { openTempStore, type TempStore } from './temp-store.ts';

let temp: TempStore;
let store: Store;
beforeEach(() => {
  temp = openTempStore('sluice-nodestore-');
  store = temp.store;
});
afterEach(() => temp.dispose());

function record(key: string, over: Partial<CheckpointRecord> = {}): CheckpointRecord {
  return {
    graphId: 'g1',
    sourceNode: 'src',
    key,
    size: 10,
    modifiedAt: new Date(5000),
    etag: null,
    versionId: null,
    fingerprint: `m:10:5000:${key}`,
    contentHash: null,
    rows: 3,
    status: 'processed',
    error: null,
    attempts: 0,
    runId: 'run-1',
    firstSeenAt: new Date(1000),
    updatedAt: new Date(2000),
    ...over,
  };
}

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
  it('writes checkpoints in a transaction and reads them back exactly', () => {
    const ns = store.nodeStore('g1');
    ns.transaction((tx) => tx.checkpoints.put(record('a.csv')));
    expect(ns.checkpoints.get('src', 'a.csv')).toEqual(record('a.csv'));
    expect(ns.checkpoints.get('src', 'b.csv')).toBeUndefined();
    // Another graph sees nothing of g1.
    expect(store.nodeStore('g2').checkpoints.get('src', 'a.csv')).toBeUndefined();
  });

  it('writes and updates a checkpoint whose optional fields are null or set', () => {
    const ns = store.nodeStore('g1');
    const bare = record('n.csv', { modifiedAt: null, rows: null, etag: null });
    ns.transaction((tx) => tx.checkpoints.put(bare));
    expect(ns.checkpoints.get('src', 'n.csv')).toEqual(bare);
    const full = record('n.csv', { modifiedAt: new Date(7000), etag: 'abc', versionId: 'v1', contentHash: 'h', error: 'e', rows: 0 });
    ns.transaction((tx) => tx.checkpoints.put(full));
    expect(ns.checkpoints.get('src', 'n.csv')).toEqual(full);
    ns.transaction((tx) => tx.checkpoints.put(bare));
    expect(ns.checkpoints.get('src', 'n.csv')).toEqual(bare);
  });

  it('reads the same records in batches (getMany maps rows itself) as one by one', () => {
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
    ns.transaction((tx) => {
      tx.checkpoints.put(bare);
      tx.checkpoints.put(full);
    });
    const found = ns.checkpoints.getMany('src', ['bare.csv', 'full.csv']);
    expect(found.get('bare.csv')).toEqual(bare);
    expect(found.get('full.csv')).toEqual(full);
    expect(found.get('full.csv')).toEqual(ns.checkpoints.get('src', 'full.csv'));
    expect(found.get('full.csv')!.modifiedAt).toBeInstanceOf(Date);
  });

  it('keeps first_seen_at and updates the rest on a second put', () => {
    const ns = store.nodeStore('g1');
    ns.transaction((tx) => tx.checkpoints.put(record('a.csv', { status: 'failed', attempts: 1, error: 'bad' })));
    ns.transaction((tx) => tx.checkpoints.put(record('a.csv', { firstSeenAt: new Date(9000), attempts: 0, updatedAt: new Date(9000) })));
    expect(ns.checkpoints.get('src', 'a.csv')).toMatchObject({ status: 'processed', error: null, firstSeenAt: new Date(1000), updatedAt: new Date(9000) });
  });

  it('reads many keys in batches', () => {
    const ns = store.nodeStore('g1');
    const keys = Array.from({ length: 1234 }, (_, i) => `f${i}.csv`);
    ns.transaction((tx) => {
      for (const k of keys.filter((_, i) => i % 3 === 0)) tx.checkpoints.put(record(k));
    });
    const found = ns.checkpoints.getMany('src', [...keys, 'f0.csv']);
    expect(found.size).toBe(412);
    expect(found.get('f1233.csv')?.key).toBe('f1233.csv');
    expect(found.has('f1.csv')).toBe(false);
  });

  it('rolls back everything when the transaction throws', () => {
    const ns = store.nodeStore('g1');
    expect(() =>
      ns.transaction((tx) => {
        tx.checkpoints.put(record('a.csv'));
        tx.parts.add(part('p1.parquet'));
        throw new Error('sink failed');
      }),
    ).toThrow('sink failed');
    expect(ns.checkpoints.get('src', 'a.csv')).toBeUndefined();
    expect(ns.parts.list('file:///bronze/sales')).toEqual([]);
  });

  it('refuses an async transaction function and rolls it back', () => {
    const ns = store.nodeStore('g1');
    expect(() =>
      ns.transaction(async (tx) => {
        tx.checkpoints.put(record('a.csv'));
      }),
    ).toThrow(/must be synchronous/);
    expect(ns.checkpoints.get('src', 'a.csv')).toBeUndefined();
  });

  it('refuses a record of another graph', () => {
    expect(() => store.nodeStore('g2').transaction((tx) => tx.checkpoints.put(record('a.csv')))).toThrow(/graph "g1".*graph "g2"/);
  });

  it('keeps watermarks per source node', () => {
    const ns = store.nodeStore('g1');
    expect(ns.checkpoints.getWatermark('src')).toBeUndefined();
    ns.transaction((tx) => tx.checkpoints.setWatermark('src', new Date(100)));
    ns.transaction((tx) => tx.checkpoints.setWatermark('src', new Date(200)));
    expect(ns.checkpoints.getWatermark('src')).toEqual(new Date(200));
    expect(ns.checkpoints.getWatermark('other')).toBeUndefined();
  });

  it('records, replaces and removes Bronze parts and schema versions', () => {
    const ns = store.nodeStore('g1');
    const table = 'file:///bronze/sales';
    ns.transaction((tx) => {
      tx.parts.add(part('p1.parquet'));
      tx.parts.add(part('p2.parquet', { sourceKey: 'b.csv' }));
      tx.parts.addSchemaVersion({ table, version: 1, columns: { a: 'Int64', b: 'String' }, createdAt: new Date(1) });
    });
    expect(ns.parts.partsOf(table, 'src', 'a.csv')).toEqual([part('p1.parquet')]);
    ns.transaction((tx) => {
      tx.parts.add(part('p1.parquet', { rows: 7 }));
      tx.parts.remove(table, 'p2.parquet');
      tx.parts.addSchemaVersion({ table, version: 1, columns: { a: 'Int64', b: 'String' }, createdAt: new Date(1) });
    });
    expect(ns.parts.list(table)).toEqual([part('p1.parquet', { rows: 7 })]);
    expect(ns.parts.schemaVersions(table)).toEqual([{ table, version: 1, columns: { a: 'Int64', b: 'String' }, createdAt: new Date(1) }]);
    expect(() => ns.transaction((tx) => tx.parts.addSchemaVersion({ table, version: 1, columns: { a: 'String' }, createdAt: new Date(1) }))).toThrow(
      /schema version 1 .* other columns/,
    );
  });

  it("lists a file's parts in path order, whatever order they were added in", () => {
    const ns = store.nodeStore('g1');
    const table = 'file:///bronze/sales';
    ns.transaction((tx) => {
      for (const p of ['k/3.parquet', 'k/1.parquet', 'k/2.parquet']) tx.parts.add(part(p));
      tx.parts.add(part('k/0.parquet', { sourceKey: 'other.csv' }));
    });
    expect(ns.parts.partsOf(table, 'src', 'a.csv').map((p) => p.path)).toEqual(['k/1.parquet', 'k/2.parquet', 'k/3.parquet']);
  });

  it('checkpoint repository lists with filters and resets (with the watermark)', () => {
    const ns = store.nodeStore('g1');
    ns.transaction((tx) => {
      tx.checkpoints.put(record('a.csv'));
      tx.checkpoints.put(record('b.csv', { status: 'failed', error: 'bad' }));
      tx.checkpoints.put(record('c.csv', { sourceNode: 'other' }));
      tx.checkpoints.setWatermark('src', new Date(100));
    });
    expect(store.checkpoints.list('g1', { status: 'failed' }, 10, 0).items.map((r) => r.key)).toEqual(['b.csv']);
    expect(store.checkpoints.list('g1', {}, 1, 1)).toMatchObject({ total: 3, items: [{ key: 'a.csv', sourceNode: 'src' }] });
    expect(store.checkpoints.reset('g1', { status: 'failed' })).toBe(1);
    expect(ns.checkpoints.getWatermark('src')).toEqual(new Date(100));
    expect(store.checkpoints.reset('g1', { sourceNode: 'src' })).toBe(1);
    expect(ns.checkpoints.getWatermark('src')).toBeUndefined();
    expect(store.checkpoints.list('g1', {}, 10, 0).total).toBe(1);
  });
});
