import { planGraph, type GraphDocument, type GraphProblem, type NodeTypeInfo } from '@sluice/sdk/graph';
import { validateConfig } from '../inspector/validate-config.ts';

/**
 * Problems per node id, found in the browser with the SDK's planner (the runtime's own rules:
 * types, ports, kinds, required inputs, cycles) and the config schema, plus those the runtime
 * answered with (4xx paths like `nodes.<id>.config.<field>`).
 */
export function nodeProblems(doc: GraphDocument, typeOf: (t: string) => NodeTypeInfo | undefined, server: GraphProblem[] = []): Record<string, string[]> {
  const plan = planGraph(doc, (t) => {
    const info = typeOf(t);
    return (
      info && {
        info,
        checkConfig: (config) =>
          Object.entries(validateConfig(info.configSchema, config)).map(([path, message]) => ({ path: path ? path.split('.') : [], message })),
      }
    );
  });
  const out: Record<string, string[]> = {};
  const add = (p: GraphProblem) => {
    const path = p.path[0] === 'document' ? p.path.slice(1) : p.path;
    let node: string | undefined;
    if (path[0] === 'nodes' && typeof path[1] === 'string') node = path[1];
    else if (path[0] === 'edges' && typeof path[1] === 'number') node = doc.edges[path[1]]?.to.node;
    if (!node || !doc.nodes[node]) return;
    const field = path[0] === 'nodes' && path[2] === 'config' && path.length > 3 ? `${path.slice(3).join('.')}: ` : '';
    // On the node itself, "of node "x" (type)" says nothing new.
    const msg = `${field}${p.message.replace(` of node "${node}" (${doc.nodes[node]!.type})`, '')}`;
    const list = (out[node] ??= []);
    if (!list.includes(msg)) list.push(msg);
  };
  server.forEach(add);
  plan.problems.forEach(add);
  return out;
}

/** Server problems of one node's config, by dotted field path (what the inspector shows under fields). */
export function configProblemsOf(nodeId: string, server: GraphProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of server) {
    const path = p.path[0] === 'document' ? p.path.slice(1) : p.path;
    if (path[0] === 'nodes' && path[1] === nodeId && path[2] === 'config') out[path.slice(3).join('.')] ??= p.message;
  }
  return out;
}

/** The runtime's problems minus those about one node: they are stale once the user edits it. */
export function withoutNode(server: GraphProblem[], nodeId: string): GraphProblem[] {
  const kept = server.filter((p) => {
    const path = p.path[0] === 'document' ? p.path.slice(1) : p.path;
    return !(path[0] === 'nodes' && path[1] === nodeId);
  });
  return kept.length === server.length ? server : kept;
}
