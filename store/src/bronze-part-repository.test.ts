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
