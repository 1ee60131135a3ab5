import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBronzePart } from '../testing/test-bronze-part.ts';
import { openTempStore, type TempStore } from './temp-store.ts';

let tmp: TempStore;
beforeEach(() => (tmp = openTempStore()));
afterEach(() => tmp.dispose());

const part = (table: string, path: string, runId: string) => testBronzePart(table, path, { runId });

describe('BronzePartRepository.paths', () => {
  it('lists the path and run of each committed part of one table', () => {
    tmp.store.nodeStore('g').transaction((tx) => {
      tx.parts.add(part('file:///t', 'p1.parquet', 'r1'));
      tx.parts.add(part('file:///t', 'p2.parquet', 'r2'));
      tx.parts.add(part('file:///other', 'p3.parquet', 'r1'));
      tx.parts.remove('file:///t', 'p1.parquet');
    });
    const paths = (table: string) => tmp.store.bronzeParts.paths(table);
    expect(paths('file:///t')).toEqual([{ path: 'p2.parquet', runId: 'r2' }]);
    expect(paths('file:///none')).toEqual([]);
  });
});

describe('BronzePartRepository.tables', () => {
  it('lists every table with parts or schema versions, once each, in order', () => {
    tmp.store.nodeStore('g').transaction((tx) => {
      tx.parts.add(part('file:///b', 'p1.parquet', 'r1'));
      tx.parts.add(part('file:///b', 'p2.parquet', 'r1'));
      tx.parts.addSchemaVersion({ table: 's3://bucket/a', version: 1, columns: { x: 'Int64' }, createdAt: new Date() });
      tx.parts.addSchemaVersion({ table: 'file:///b', version: 1, columns: { x: 'Int64' }, createdAt: new Date() });
    });
    expect(tmp.store.bronzeParts.tables()).toEqual(['file:///b', 's3://bucket/a']);
  });
});

describe('a part of several files', () => {
  const table = 'file:///t';
  const file = (path: string, sourceKey: string, rows: number) => testBronzePart(table, path, { sourceKey, rows, bytes: 100, runId: 'r1' });
  const keysOf = (parts: { sourceKey: string }[]) => parts.map((p) => p.sourceKey);

  it('is recorded once for each file, and counted and removed as one part', () => {
    const ns = tmp.store.nodeStore('g');
    ns.transaction((tx) => {
      tx.parts.add(file('batch.parquet', 'b.csv', 3));
      tx.parts.add(file('batch.parquet', 'a.csv', 2));
      tx.parts.add(file('c.parquet', 'c.csv', 5));
    });
    expect(ns.parts.partsOf(table, 'src', 'a.csv').map((p) => [p.path, p.rows])).toEqual([['batch.parquet', 2]]);
    expect(ns.parts.partsOf(table, 'src', 'b.csv').map((p) => [p.path, p.rows])).toEqual([['batch.parquet', 3]]);
    expect(ns.parts.paths(table)).toEqual([
      { path: 'batch.parquet', runId: 'r1' },
      { path: 'c.parquet', runId: 'r1' },
    ]);
    expect(keysOf(ns.parts.filesIn(table, 'batch.parquet'))).toEqual(['a.csv', 'b.csv']);
    expect(ns.parts.filesIn(table, 'none.parquet')).toEqual([]);
    expect(ns.parts.list(table).map((p) => [p.path, p.sourceKey])).toEqual([
      ['batch.parquet', 'a.csv'],
      ['batch.parquet', 'b.csv'],
      ['c.parquet', 'c.csv'],
    ]);

    // Re-adding one file's entry replaces that entry only.
    ns.transaction((tx) => tx.parts.add(file('batch.parquet', 'a.csv', 4)));
    expect(ns.parts.filesIn(table, 'batch.parquet').map((p) => [p.sourceKey, p.rows])).toEqual([
      ['a.csv', 4],
      ['b.csv', 3],
    ]);

    // Replacing the part by a part of one of its files: the old part goes with both its entries.
    ns.transaction((tx) => {
      tx.parts.remove(table, 'batch.parquet');
      tx.parts.add(file('a.parquet', 'a.csv', 4));
    });
    expect(ns.parts.filesIn(table, 'batch.parquet')).toEqual([]);
    expect(ns.parts.partsOf(table, 'src', 'b.csv')).toEqual([]);
    expect(ns.parts.partsOf(table, 'src', 'a.csv').map((p) => p.path)).toEqual(['a.parquet']);
    expect(ns.parts.paths(table).map((p) => p.path)).toEqual(['a.parquet', 'c.parquet']);
  });
});
