import { describe, expect, it } from 'vitest';
import { copySelection, pasteNodes } from './clipboard.ts';
import type { SluiceFlowNode } from './flow-model.ts';

const node = (id: string, selected: boolean): SluiceFlowNode => ({
  id,
  type: 'sluice',
  position: { x: 10, y: 20 },
  selected,
  data: { type: 'parse-csv', typeVersion: 1, config: { delimiter: ',' } },
});

describe('copy and paste', () => {
  const nodes = [node('a', true), node('b', true), node('c', false)];
  const edges = [
    { id: 'e1', source: 'a', sourceHandle: 'table', target: 'b', targetHandle: 'table' },
    { id: 'e2', source: 'b', sourceHandle: 'table', target: 'c', targetHandle: 'table' },
  ];

  it('copies the selected nodes and only the edges between them', () => {
    const p = copySelection(nodes, edges)!;
    expect(p.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(p.edges).toEqual([{ source: 'a', sourceHandle: 'table', target: 'b', targetHandle: 'table' }]);
    expect(copySelection([node('x', false)], [])).toBeNull();
  });

  it('pastes with new ids, an offset, rewired edges and configs that are not shared', () => {
    const p = copySelection(nodes, edges)!;
    const out = pasteNodes(p, new Set(['a', 'b', 'c', 'parse-csv-1']), { x: 40, y: 40 });
    expect(out.nodes.map((n) => n.id)).toEqual(['parse-csv-2', 'parse-csv-3']);
    expect(out.nodes[0]!.position).toEqual({ x: 50, y: 60 });
    expect(out.edges[0]).toMatchObject({ source: 'parse-csv-2', target: 'parse-csv-3' });
    out.nodes[0]!.data.config.delimiter = ';';
    expect(nodes[0]!.data.config.delimiter).toBe(',');
  });
});
