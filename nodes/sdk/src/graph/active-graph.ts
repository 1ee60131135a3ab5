import type { GraphDocument } from './graph-document.ts';

/**
 * The graph a run executes: the document without its disabled nodes and every wire into or out of
 * them (as Node-RED leaves a disabled node out of the deployed flow). Sticky notes and groups stay
 * in the document but no run reads them. A node left with a required input unwired is refused by
 * `planGraph`, which names the disabled node that fed it.
 */
export function activeGraph(doc: GraphDocument): GraphDocument {
  const off = disabledNodes(doc);
  if (!off.size) return doc;
  return {
    ...doc,
    nodes: Object.fromEntries(Object.entries(doc.nodes).filter(([id]) => !off.has(id))),
    edges: doc.edges.filter((e) => !off.has(e.from.node) && !off.has(e.to.node)),
  };
}

export function disabledNodes(doc: GraphDocument): Set<string> {
  return new Set(
    Object.entries(doc.nodes)
      .filter(([, n]) => n.disabled)
      .map(([id]) => id),
  );
}
