import { describe, expect, it } from 'vitest';
import type { NodeCategory, NodeTypeInfo } from '@sluice/sdk/graph';
import { groupNodeTypes } from './group-node-types.ts';

const t = (type: string, category: NodeCategory, title: string, description = ''): NodeTypeInfo => ({
  type,
  version: 1,
  category,
  title,
  description,
  inputs: {},
  outputs: {},
  configSchema: {},
  defaults: {},
  package: { name: 'p', version: '1' },
});
const types = [
  t('bronze-sink', 'sink', 'Bronze sink', 'Parquet files with audit columns'),
  t('parse-json', 'parse', 'JSON', 'Parse JSON lines'),
  t('parse-csv', 'parse', 'CSV', 'Parse delimited text'),
  t('source-local', 'source', 'Local folder'),
];

describe('groupNodeTypes', () => {
  it('groups by category in pipeline order and sorts by title', () => {
    const g = groupNodeTypes(types, '');
    expect(g.map((x) => x.category)).toEqual(['source', 'parse', 'sink']);
    expect(g[1]!.types.map((x) => x.type)).toEqual(['parse-csv', 'parse-json']);
  });

  it('searches titles, types, descriptions and categories, every word', () => {
    expect(groupNodeTypes(types, 'parquet').flatMap((g) => g.types.map((x) => x.type))).toEqual(['bronze-sink']);
    expect(groupNodeTypes(types, 'parse lines').flatMap((g) => g.types.map((x) => x.type))).toEqual(['parse-json']);
    expect(groupNodeTypes(types, 'nothing-like-this')).toEqual([]);
  });
});
