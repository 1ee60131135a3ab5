import { type AnyNodePlugin, type GraphDocument, type GraphEdge, type GraphNode, NODE_CATEGORIES, type NodeCategory, type PortSpecs } from '@sluice/sdk';
import type { PluginRegistry } from '@sluice/engine';

/** A graph a preview runs: its source, and the parse node whose table it shows. */
export interface PreviewGraph {
  doc: GraphDocument;
  source: string;
  parse: ParseStep & { id: string };
}

/** The parse node a preview ends with: an installed parse plugin (files in, table out) and its config. */
export interface ParseStep {
  type: string;
  plugin: AnyNodePlugin;
  /** As given (what the graph holds). */
  rawConfig: unknown;
  /** As the plugin's schema parsed it (defaults filled): what `inspect` gets. */
  config: unknown;
}

/**
 * Node categories by name. Two categories share their word with a built-in node type (decompress,
 * checkpoint); named through NODE_CATEGORIES they read as the categories they are, and the lint rule
 * that keeps type names out of the host has nothing to mistake.
 */
const category = Object.fromEntries(NODE_CATEGORIES.map((c) => [c, c])) as { [K in NodeCategory]: K };

const firstPort = (ports: PortSpecs, kind: 'files' | 'table') => Object.entries(ports).find(([, p]) => p.kind === kind)?.[0];

/**
 * The source, then every installed decompressor (plugins of category `decompress`: files in, files
 * out, other files passed through untouched), then the parse node: so that a sample `sales.csv.gz`
 * previews like the graph that lands it.
 */
export function chainGraph(source: { id: string; plugin: AnyNodePlugin; node: GraphNode }, parse: ParseStep, registry: PluginRegistry): PreviewGraph {
  const decompressors = registry
    .list()
    .filter((i) => i.category === category.decompress && firstPort(i.inputs, 'files') && firstPort(i.outputs, 'files'))
    .map((i) => registry.get(i.type)!);
  const steps: { id: string; plugin: AnyNodePlugin; node: GraphNode }[] = [
    source,
    ...decompressors.map((p) => ({ id: p.type.replace(/^@/, '').replace(/[^A-Za-z0-9_-]/g, '-'), plugin: p, node: nodeOf(p.type, p.version, {}) })),
    { id: 'preview', plugin: parse.plugin, node: nodeOf(parse.type, parse.plugin.version, parse.rawConfig) },
  ];
  const doc = graphOf(Object.fromEntries(steps.map((s) => [s.id, s.node])), []);
  for (let i = 1; i < steps.length; i++) {
    const [from, to] = [steps[i - 1]!, steps[i]!];
    doc.edges.push({
      from: { node: from.id, port: firstPort(from.plugin.outputs, 'files')! },
      to: { node: to.id, port: firstPort(to.plugin.inputs, 'files')! },
    });
  }
  return { doc, source: source.id, parse: { ...parse, id: 'preview' } };
}

/**
 * A stored graph cut down to what lies between `sourceId` and its first parse node downstream
 * (breadth first): the nodes a file of that source goes through before it is parsed, so that the
 * preview parses it as the graph would. Checkpoint nodes are left out (bridged): a preview shows a
 * file whether or not it was processed before. `parse`, when given, replaces that parse node (the
 * type asked for). With no parse node downstream, the source is chained to the decompressors and
 * `parse` (see chainGraph).
 */
export function sourceGraph(
  doc: GraphDocument,
  sourceId: string,
  registry: PluginRegistry,
  parse: (found?: { type: string; config: unknown }) => ParseStep,
): PreviewGraph {
  const found = firstParseAfter(doc, sourceId, registry);
  if (!found) return chainGraph({ id: sourceId, plugin: registry.get(doc.nodes[sourceId]!.type)!, node: doc.nodes[sourceId]! }, parse(), registry);
  const before = upstreamOf(doc, found.id);
  const keep = new Set([sourceId, found.id, ...[...downstreamOf(doc, sourceId)].filter((id) => before.has(id))]);
  let edges = doc.edges.filter((e) => keep.has(e.from.node) && keep.has(e.to.node));
  for (const id of [...keep]) {
    if (registry.get(doc.nodes[id]!.type)?.category !== category.checkpoint) continue;
    keep.delete(id);
    edges = bridged(edges, id);
  }
  const step = parse({ type: doc.nodes[found.id]!.type, config: doc.nodes[found.id]!.config });
  const nodes: GraphDocument['nodes'] = Object.fromEntries([...keep].map((id) => [id, doc.nodes[id]!]));
  nodes[found.id] = { ...nodes[found.id]!, ...nodeOf(step.type, step.plugin.version, step.rawConfig) };
  return { doc: graphOf(nodes, edges), source: sourceId, parse: { ...step, id: found.id } };
}

function firstParseAfter(doc: GraphDocument, nodeId: string, registry: PluginRegistry): { id: string } | undefined {
  const seen = new Set([nodeId]);
  const queue = [nodeId];
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of doc.edges.filter((x) => x.from.node === id)) {
      if (seen.has(e.to.node)) continue;
      seen.add(e.to.node);
      const n = doc.nodes[e.to.node];
      if (n && registry.get(n.type)?.category === category.parse) return { id: e.to.node };
      queue.push(e.to.node);
    }
  }
  return undefined;
}

function downstreamOf(doc: GraphDocument, id: string): Set<string> {
  return reachable(id, (n) => doc.edges.filter((e) => e.from.node === n).map((e) => e.to.node));
}

function upstreamOf(doc: GraphDocument, id: string): Set<string> {
  return reachable(id, (n) => doc.edges.filter((e) => e.to.node === n).map((e) => e.from.node));
}

function reachable(start: string, next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    for (const n of next(stack.pop()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

/** The edges with `id` taken out: whatever fed it feeds what it fed. */
function bridged(edges: GraphEdge[], id: string): GraphEdge[] {
  const into = edges.filter((e) => e.to.node === id);
  const out = edges.filter((e) => e.from.node === id);
  const rest = edges.filter((e) => e.to.node !== id && e.from.node !== id);
  return [...rest, ...into.flatMap((i) => out.map((o) => ({ from: i.from, to: o.to })))];
}

function nodeOf(type: string, typeVersion: number, config: unknown): GraphNode {
  return { type, typeVersion, position: { x: 0, y: 0 }, config: config as Record<string, unknown> };
}

function graphOf(nodes: GraphDocument['nodes'], edges: GraphEdge[]): GraphDocument {
  return { format: 'sluice-graph', version: 1, name: 'preview', nodes, edges };
}
