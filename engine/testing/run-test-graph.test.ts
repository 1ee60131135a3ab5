import { describe, expect, it } from 'vitest';
import { runTestGraph } from './run-test-graph.ts';

describe('runTestGraph', () => {
  it('refuses a graph that does not plan, listing the problems', async () => {
    const doc = {
      format: 'sluice-graph' as const,
      version: 1 as const,
      name: 'broken',
      nodes: { a: { type: 'no-such-type', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
      edges: [],
    };
    await expect(runTestGraph(doc)).rejects.toThrow(/does not plan: nodes\.a\.type: unknown node type "no-such-type"/);
  });
});
