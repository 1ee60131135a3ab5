import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBronzePart } from '../testing/test-bronze-part.ts';
import { openTestStore, reopenTestStore, TEST_STORE_DIALECT } from '../testing/test-store.ts';
import type { TempStore } from './temp-store.ts';

let tmp: TempStore;
beforeEach(async () => {
  tmp = await openTestStore();
});
afterEach(() => tmp.dispose());

const part = (table: string, path: string, runId: string) => testBronzePart(table, path, { runId });

describe('BronzePartRepository.paths', () => {
  it('lists the path and run of each committed part of one table', async () => {
    await tmp.store.nodeStore('g').transaction(async (tx) => {
      await tx.parts.add(part('file:///t', 'p1.parquet', 'r1'));
      await tx.parts.add(part('file:///t', 'p2.parquet', 'r2'));
      await tx.parts.add(part('file:///other', 'p3.parquet', 'r1'));
      await tx.parts.remove('file:///t', 'p1.parquet');
    });
    const paths = (table: string) => tmp.store.bronzeParts.paths(table);
    expect(await paths('file:///t')).toEqual([{ path: 'p2.parquet', runId: 'r2' }]);
    expect(await paths('file:///none')).toEqual([]);
  });
});

describe('BronzePartRepository.tables', () => {
  it('lists every table with parts or schema versions, once each, in order', async () => {
    await tmp.store.nodeStore('g').transaction(async (tx) => {
      await tx.parts.add(part('file:///b', 'p1.parquet', 'r1'));
      await tx.parts.add(part('file:///b', 'p2.parquet', 'r1'));
      await tx.parts.addSchemaVersion({ table: 's3://bucket/a', version: 1, columns: { x: 'Int64' }, createdAt: new Date() });
      await tx.parts.addSchemaVersion({ table: 'file:///b', version: 1, columns: { x: 'Int64' }, createdAt: new Date() });
    });
    expect(await tmp.store.bronzeParts.tables()).toEqual(['file:///b', 's3://bucket/a']);
  });
});

describe('a part of several files', () => {
  const table = 'file:///t';
  const file = (path: string, sourceKey: string, rows: number) => testBronzePart(table, path, { sourceKey, rows, bytes: 100, runId: 'r1' });
  const keysOf = (parts: { sourceKey: string }[]) => parts.map((p) => p.sourceKey);

  it('is recorded once for each file, and counted and removed as one part', async () => {
    const ns = tmp.store.nodeStore('g');
    await ns.transaction(async (tx) => {
      await tx.parts.add(file('batch.parquet', 'b.csv', 3));
      await tx.parts.add(file('batch.parquet', 'a.csv', 2));
      await tx.parts.add(file('c.parquet', 'c.csv', 5));
    });
    expect((await ns.parts.partsOf(table, 'src', 'a.csv')).map((p) => [p.path, p.rows])).toEqual([['batch.parquet', 2]]);
    expect((await ns.parts.partsOf(table, 'src', 'b.csv')).map((p) => [p.path, p.rows])).toEqual([['batch.parquet', 3]]);
    expect(await ns.parts.paths(table)).toEqual([
      { path: 'batch.parquet', runId: 'r1' },
      { path: 'c.parquet', runId: 'r1' },
    ]);
    expect(keysOf(await ns.parts.filesIn(table, 'batch.parquet'))).toEqual(['a.csv', 'b.csv']);
    expect(await ns.parts.filesIn(table, 'none.parquet')).toEqual([]);
    expect((await ns.parts.list(table)).map((p) => [p.path, p.sourceKey])).toEqual([
      ['batch.parquet', 'a.csv'],
      ['batch.parquet', 'b.csv'],
      ['c.parquet', 'c.csv'],
    ]);

    // Re-adding one file's entry replaces that entry only.
    await ns.transaction((tx) => tx.parts.add(file('batch.parquet', 'a.csv', 4)));
    expect((await ns.parts.filesIn(table, 'batch.parquet')).map((p) => [p.sourceKey, p.rows])).toEqual([
      ['a.csv', 4],
      ['b.csv', 3],
    ]);

    // Replacing the part by a part of one of its files: the old part goes with both its entries.
    await ns.transaction(async (tx) => {
      await tx.parts.remove(table, 'batch.parquet');
      await tx.parts.add(file('a.parquet', 'a.csv', 4));
    });
    expect(await ns.parts.filesIn(table, 'batch.parquet')).toEqual([]);
    expect(await ns.parts.partsOf(table, 'src', 'b.csv')).toEqual([]);
    expect((await ns.parts.partsOf(table, 'src', 'a.csv')).map((p) => p.path)).toEqual(['a.parquet']);
    expect((await ns.parts.paths(table)).map((p) => p.path)).toEqual(['a.parquet', 'c.parquet']);
  });
});

describe('a batch of files at once', () => {
  const table = 'file:///t';

  it('partsOfFiles answers as partsOf would for each file, in the order given, across look-up chunks and source nodes', async () => {
    const ns = tmp.store.nodeStore('g');
    // 1,203 files: more than two of PostgreSQL's chunks of keys; one part of two files, and a file in two parts.
    const entries = Array.from({ length: 1203 }, (_, i) => testBronzePart(table, `p${i}.parquet`, { sourceKey: `k${i}` }));
    entries.push(testBronzePart(table, 'p0.parquet', { sourceKey: 'shared', rows: 7 }));
    entries.push(testBronzePart(table, 'p1.parquet', { sourceKey: 'shared', rows: 8 }));
    entries.push(testBronzePart(table, 'other-node.parquet', { sourceNode: 'src2', sourceKey: 'k5' }));
    entries.push(testBronzePart('file:///elsewhere', 'x.parquet', { sourceKey: 'k6' }));
    await ns.transaction((tx) => tx.parts.addMany(entries));
    const asked = [
      { sourceNode: 'src', key: 'shared' },
      { sourceNode: 'src2', key: 'k5' },
      { sourceNode: 'src', key: 'missing' },
      { sourceNode: 'src', key: 'nul\0key' },
      ...Array.from({ length: 1203 }, (_, i) => ({ sourceNode: 'src', key: `k${1202 - i}` })),
      { sourceNode: 'src', key: 'k5' },
    ];
    const many = await ns.parts.partsOfFiles(table, asked);
    const one = await Promise.all(asked.map((f) => ns.parts.partsOf(table, f.sourceNode, f.key)));
    expect(many).toEqual(one);
    expect(many[0]!.map((p) => [p.path, p.rows])).toEqual([
      ['p0.parquet', 7],
      ['p1.parquet', 8],
    ]);
    expect(many[1]!.map((p) => p.path)).toEqual(['other-node.parquet']);
    expect(many[2]).toEqual([]);
    expect(many[3]).toEqual([]);
    expect(many.at(-1)!.map((p) => p.path)).toEqual(['p5.parquet']);
    expect(await ns.parts.partsOfFiles(table, [])).toEqual([]);
  });

  it('addMany records every entry in one go, a later entry of the same part and file winning, and refuses a key with U+0000', async () => {
    const ns = tmp.store.nodeStore('g');
    await ns.transaction((tx) =>
      tx.parts.addMany([
        testBronzePart(table, 'a.parquet', { sourceKey: 'x', rows: 1 }),
        testBronzePart(table, 'a.parquet', { sourceKey: 'y', rows: 2 }),
        testBronzePart(table, 'a.parquet', { sourceKey: 'x', rows: 3 }),
      ]),
    );
    expect((await ns.parts.filesIn(table, 'a.parquet')).map((p) => [p.sourceKey, p.rows])).toEqual([
      ['x', 3],
      ['y', 2],
    ]);
    // Upserts, as add: the same entry again replaces it.
    await ns.transaction((tx) => tx.parts.addMany([testBronzePart(table, 'a.parquet', { sourceKey: 'y', rows: 9 })]));
    expect((await ns.parts.filesIn(table, 'a.parquet')).map((p) => [p.sourceKey, p.rows])).toEqual([
      ['x', 3],
      ['y', 9],
    ]);
    await expect(ns.transaction((tx) => tx.parts.addMany([testBronzePart(table, 'b.parquet', { sourceKey: 'bad\0key' })]))).rejects.toThrow(/U\+0000|NUL/);
    expect(await ns.parts.filesIn(table, 'b.parquet')).toEqual([]);
  });
});

describe('BronzePartRepository.holdTable', () => {
  // On SQLite every write transaction excludes the others already (BEGIN IMMEDIATE): nothing to see.
  it.skipIf(TEST_STORE_DIALECT !== 'postgres')('makes two commits of one table, from two processes, take turns; another table does not wait', async () => {
    const other = await reopenTestStore(tmp);
    try {
      const order: string[] = [];
      let go!: () => void;
      const held = new Promise<void>((r) => (go = r));
      const first = tmp.store.nodeStore('g').transaction(async (tx) => {
        await tx.parts.holdTable('file:///t');
        order.push('first holds');
        await held;
        await tx.parts.add(part('file:///t', 'p1.parquet', 'r1'));
        order.push('first commits');
      });
      while (!order.length) await new Promise((r) => setTimeout(r, 10));
      await other.nodeStore('g').transaction(async (tx) => {
        await tx.parts.holdTable('file:///other');
        order.push('other table');
      });
      const second = other.nodeStore('g').transaction(async (tx) => {
        await tx.parts.holdTable('file:///t');
        order.push('second holds');
        expect((await tx.parts.paths('file:///t')).map((p) => p.path)).toEqual(['p1.parquet']);
      });
      await new Promise((r) => setTimeout(r, 300));
      const meanwhile = [...order];
      go();
      await Promise.all([first, second]);
      expect(meanwhile).toEqual(['first holds', 'other table']);
      expect(order).toEqual(['first holds', 'other table', 'first commits', 'second holds']);
    } finally {
      await other.close();
    }
  });
});
