import type { SluiceFlowEdge, SluiceFlowNode } from './flow-model.ts';
import { newNodeId } from './node-ids.ts';

/** What Ctrl+C keeps: the selected nodes and the edges between them, as plain data. */
export interface ClipboardPayload {
  nodes: { id: string; position: { x: number; y: number }; data: SluiceFlowNode['data'] }[];
  edges: { source: string; sourceHandle: string; target: string; targetHandle: string }[];
}

export function copySelection(nodes: SluiceFlowNode[], edges: SluiceFlowEdge[]): ClipboardPayload | null {
  const picked = nodes.filter((n) => n.selected);
  if (!picked.length) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: picked.map((n) => ({ id: n.id, position: { ...n.position }, data: structuredClone(n.data) })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, sourceHandle: e.sourceHandle ?? '', target: e.target, targetHandle: e.targetHandle ?? '' })),
  };
}

/**
 * The clipboard's nodes with fresh ids, moved by `offset`, selected (so they can be dragged
 * together right away), and the edges between them rewired to the new ids.
 */
export function pasteNodes(payload: ClipboardPayload, taken: ReadonlySet<string>, offset: { x: number; y: number }) {
  const used = new Set(taken);
  const rename = new Map<string, string>();
  const nodes: SluiceFlowNode[] = payload.nodes.map((n) => {
    const id = newNodeId(n.data.type, used);
    used.add(id);
    rename.set(n.id, id);
    return { id, type: 'sluice', position: { x: n.position.x + offset.x, y: n.position.y + offset.y }, data: structuredClone(n.data), selected: true };
  });
  const edges: SluiceFlowEdge[] = payload.edges.map((e) => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    return { id: `${source}.${e.sourceHandle}->${target}.${e.targetHandle}`, source, sourceHandle: e.sourceHandle, target, targetHandle: e.targetHandle };
  });
  return { nodes, edges };
}
