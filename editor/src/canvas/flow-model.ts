import type { Edge, Node } from '@xyflow/react';
import type { GraphDocument, GraphEdge } from '@sluice/sdk/graph';
import { GRAPH_FORMAT, GRAPH_VERSION } from '@sluice/sdk/graph';

/** What a canvas node carries: exactly the stored node, minus its id and position. No UI state. */
export interface SluiceNodeData extends Record<string, unknown> {
  type: string;
  typeVersion: number;
  name?: string;
  /** Left out of runs with its wires, drawn dimmed. */
  disabled?: boolean;
  config: Record<string, unknown>;
}

export type SluiceFlowNode = Node<SluiceNodeData, 'sluice'>;
export type SluiceFlowEdge = Edge;

/** The parts of a document that are not pipeline nodes or wires; kept as they are across edits. */
export type DocumentHead = Pick<GraphDocument, 'name' | 'description' | 'settings' | 'annotations'>;

export function edgeId(e: GraphEdge): string {
  return `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`;
}

export function docToFlow(doc: GraphDocument): { nodes: SluiceFlowNode[]; edges: SluiceFlowEdge[] } {
  const nodes: SluiceFlowNode[] = Object.entries(doc.nodes).map(([id, n]) => ({
    id,
    type: 'sluice',
    position: { x: n.position.x, y: n.position.y },
    data: {
      type: n.type,
      typeVersion: n.typeVersion,
      ...(n.name !== undefined ? { name: n.name } : {}),
      ...(n.disabled ? { disabled: true } : {}),
      config: n.config,
    },
  }));
  const edges: SluiceFlowEdge[] = doc.edges.map((e) => ({
    id: edgeId(e),
    source: e.from.node,
    sourceHandle: e.from.port,
    target: e.to.node,
    targetHandle: e.to.port,
  }));
  return { nodes, edges };
}

export function flowToDoc(head: DocumentHead, nodes: SluiceFlowNode[], edges: SluiceFlowEdge[]): GraphDocument {
  const docNodes: GraphDocument['nodes'] = {};
  for (const n of nodes) {
    docNodes[n.id] = {
      type: n.data.type,
      typeVersion: n.data.typeVersion,
      ...(n.data.name ? { name: n.data.name } : {}),
      ...(n.data.disabled ? { disabled: true } : {}),
      // Whole pixels: sub-pixel drag positions would make every save a diff in git.
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config: n.data.config,
    };
  }
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    name: head.name,
    ...(head.description !== undefined ? { description: head.description } : {}),
    ...(head.settings !== undefined ? { settings: head.settings } : {}),
    ...(head.annotations !== undefined ? { annotations: head.annotations } : {}),
    nodes: docNodes,
    edges: edges.map((e) => ({ from: { node: e.source, port: e.sourceHandle ?? '' }, to: { node: e.target, port: e.targetHandle ?? '' } })),
  };
}
