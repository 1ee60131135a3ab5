import type { GraphDocument } from './graph-document.ts';

const TOP_ORDER = ['format', 'version', 'name', 'description', 'settings', 'nodes', 'edges', 'annotations'];
const NODE_ORDER = ['type', 'typeVersion', 'name', 'disabled', 'position', 'config'];

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortDeep((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

function ordered(obj: Record<string, unknown>, order: string[], rest: (v: unknown) => unknown = sortDeep) {
  const out: Record<string, unknown> = {};
  for (const k of order) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj).sort()) if (!order.includes(k) && obj[k] !== undefined) out[k] = rest(obj[k]);
  return out;
}

/**
 * The graph as it is exported and stored in git: two-space indent, a fixed key order, nodes sorted
 * by id, edges sorted, config keys sorted. The same graph always gives the same bytes, so graphs
 * diff and merge line by line (Node-RED's flows.json reorders on every save).
 */
export function serializeGraph(doc: GraphDocument): string {
  const nodes: Record<string, unknown> = {};
  for (const id of Object.keys(doc.nodes).sort()) {
    const n = doc.nodes[id]!;
    nodes[id] = ordered({ ...n, position: { x: n.position.x, y: n.position.y }, config: sortDeep(n.config) }, NODE_ORDER);
  }
  const key = (e: GraphDocument['edges'][number]) => `${e.from.node}\0${e.from.port}\0${e.to.node}\0${e.to.port}`;
  const edges = [...doc.edges]
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map((e) => ({ from: { node: e.from.node, port: e.from.port }, to: { node: e.to.node, port: e.to.port } }));
  const top = ordered(
    { ...doc, settings: doc.settings && sortDeep(doc.settings), nodes, edges, annotations: doc.annotations && sortDeep(doc.annotations) },
    TOP_ORDER,
  );
  return JSON.stringify(top, null, 2) + '\n';
}
