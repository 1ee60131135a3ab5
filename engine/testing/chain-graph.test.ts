import { describe, expect, it } from 'vitest';
import { chainGraph } from './chain-graph.ts';

describe('chainGraph', () => {
  it('wires each step to the next through files, then table after a parse step', () => {
    const g = chainGraph('t', [
      { id: 'src', type: 'source-local', config: { folder: '/x' } },
      { id: 'parse', type: 'parse-csv' },
      { id: 'sink', type: 'bronze-sink' },
    ]);
    expect(g.edges).toEqual([
      { from: { node: 'src', port: 'files' }, to: { node: 'parse', port: 'files' } },
      { from: { node: 'parse', port: 'table' }, to: { node: 'sink', port: 'table' } },
    ]);
    expect(g.nodes.src).toMatchObject({ type: 'source-local', typeVersion: 1, config: { folder: '/x' } });
  });
});
