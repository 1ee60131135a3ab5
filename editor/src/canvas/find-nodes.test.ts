import { describe, expect, it } from 'vitest';
import { findNodes } from './find-nodes.ts';
import type { SluiceFlowNode } from './flow-model.ts';

const node = (id: string, type: string, x: number, name?: string): SluiceFlowNode => ({
  id,
  type: 'sluice',
  position: { x, y: 0 },
  data: { type, typeVersion: 1, config: {}, ...(name ? { name } : {}) },
});
const titles: Record<string, string> = { 'parse-csv': 'Parse CSV', 'bronze-sink': 'Bronze sink' };
const titleOf = (t: string) => titles[t];
const nodes = [
  node('parse-csv-2', 'parse-csv', 300),
  node('sink', 'bronze-sink', 600, 'Orders table'),
  node('parse-csv-1', 'parse-csv', 0),
  node('x', 'acme-thing', 900),
];

describe('findNodes', () => {
  it('finds by label, type, type title or id, ignoring case, in canvas order', () => {
    expect(findNodes(nodes, 'CSV', titleOf).map((f) => f.id)).toEqual(['parse-csv-1', 'parse-csv-2']);
    expect(findNodes(nodes, 'orders', titleOf)).toEqual([{ id: 'sink', label: 'Orders table', type: 'bronze-sink' }]);
    expect(findNodes(nodes, 'bronze', titleOf).map((f) => f.id)).toEqual(['sink']);
    expect(findNodes(nodes, 'acme', titleOf)).toEqual([{ id: 'x', label: 'acme-thing', type: 'acme-thing' }]);
  });

  it('needs every word, and puts an exact id first', () => {
    expect(findNodes(nodes, 'parse 2', titleOf).map((f) => f.id)).toEqual(['parse-csv-2']);
    expect(findNodes(nodes, 'parse-csv-2', titleOf).map((f) => f.id)).toEqual(['parse-csv-2']);
    expect(findNodes([node('sink-2', 'bronze-sink', 0), node('sink', 'bronze-sink', 500)], 'sink', titleOf).map((f) => f.id)).toEqual(['sink', 'sink-2']);
  });

  it('finds nothing for an empty query', () => {
    expect(findNodes(nodes, '   ', titleOf)).toEqual([]);
  });
});
