import type { GraphDocument, PortRef } from '@sluice/sdk';

/** The edges of a graph as lookups the executor needs on its hot path. */
export interface GraphWiring {
  /** node -> output port -> the inputs it feeds */
  targets: Map<string, Map<string, PortRef[]>>;
  /** node -> the distinct nodes it feeds */
  downstream: Map<string, Set<string>>;
  /** node -> the distinct nodes that feed it */
  upstream: Map<string, Set<string>>;
  /** node -> how many distinct nodes feed it */
  upstreamCount: Map<string, number>;
}

export function wireGraph(doc: GraphDocument): GraphWiring {
  const targets = new Map<string, Map<string, PortRef[]>>();
  const downstream = new Map<string, Set<string>>();
  const upstream = new Map<string, Set<string>>();
  for (const id of Object.keys(doc.nodes)) {
    targets.set(id, new Map());
    downstream.set(id, new Set());
    upstream.set(id, new Set());
  }
  for (const e of doc.edges) {
    const ports = targets.get(e.from.node)!;
    ports.set(e.from.port, [...(ports.get(e.from.port) ?? []), e.to]);
    downstream.get(e.from.node)!.add(e.to.node);
    upstream.get(e.to.node)!.add(e.from.node);
  }
  const upstreamCount = new Map([...upstream].map(([id, s]) => [id, s.size]));
  return { targets, downstream, upstream, upstreamCount };
}
