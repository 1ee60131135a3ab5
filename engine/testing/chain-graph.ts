import type { GraphDocument } from '@sluice/sdk';

export interface ChainStep {
  id: string;
  type: string;
  config?: Record<string, unknown>;
  /** The output port wired to the next step: `table` for parse-* types, `files` otherwise. */
  out?: string;
}

/**
 * A graph of steps wired one after the other (source -> ... -> sink), for tests: each step's output
 * feeds the next step's input port of the same name, which is how the built-in nodes name them.
 */
export function chainGraph(name: string, steps: ChainStep[]): GraphDocument {
  const nodes: GraphDocument['nodes'] = {};
  steps.forEach((s, i) => (nodes[s.id] = { type: s.type, typeVersion: 1, position: { x: i * 200, y: 0 }, config: s.config ?? {} }));
  const edges = steps.slice(1).map((to, i) => {
    const from = steps[i]!;
    const port = from.out ?? (from.type.startsWith('parse-') ? 'table' : 'files');
    return { from: { node: from.id, port }, to: { node: to.id, port } };
  });
  return { format: 'sluice-graph', version: 1, name, nodes, edges };
}
