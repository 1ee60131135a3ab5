import { useRef } from 'react';
import type { GraphProblem, NodeTypeInfo } from '@sluice/sdk/graph';
import type { EditorState } from './editor-state.ts';
import { flowToDoc } from './flow-model.ts';
import { nodeProblems } from './node-problems.ts';

/**
 * Node problems, computed again only when a node's data, the node set or the edges change: a drag
 * moves positions every frame and must not re-plan a 500-node graph each time.
 */
export function useNodeProblems(state: EditorState, typeOf: (t: string) => NodeTypeInfo | undefined, server: GraphProblem[]) {
  const cache = useRef<{ nodes: EditorState['nodes']; edges: EditorState['edges']; typeOf: unknown; server: unknown; result: Record<string, string[]> } | null>(
    null,
  );
  const c = cache.current;
  const same =
    c &&
    c.edges === state.edges &&
    c.typeOf === typeOf &&
    c.server === server &&
    c.nodes.length === state.nodes.length &&
    state.nodes.every((n, i) => n.id === c.nodes[i]!.id && n.data === c.nodes[i]!.data);
  if (same) return c.result;
  const result = nodeProblems(flowToDoc(state.head, state.nodes, state.edges), typeOf, server);
  cache.current = { nodes: state.nodes, edges: state.edges, typeOf, server, result };
  return result;
}
