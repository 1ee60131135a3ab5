import type { GraphDocument, GraphProblem } from './graph-document.ts';
import type { NodeTypeInfo } from './node-type-info.ts';
import { disabledNodes } from './active-graph.ts';
import { connectionProblem, fanInProblem } from './port-kinds.ts';

export interface PlannableType {
  info: NodeTypeInfo;
  /** Problems of one node's config (paths relative to the config). Absent: not checked here. */
  checkConfig?(config: unknown): GraphProblem[];
}

export interface GraphPlan {
  /** Node ids, every node after all the nodes that feed it; disabled nodes are not in it. */
  order: string[];
  problems: GraphProblem[];
}

/**
 * Checks a graph against the installed node types before it is saved or run: every type known,
 * every edge between existing ports of matching kinds, one wire at most into a `files` input, every
 * required input wired, no cycle, every config valid. Returns all problems at once, each with the path of what is wrong.
 *
 * A disabled node is planned as if it and its wires were not there (`activeGraph`), and is not
 * checked itself: it may hold an unfinished config. A node that then has a required input unwired
 * is a problem naming the disabled node that fed it.
 */
export function planGraph(doc: GraphDocument, resolve: (type: string) => PlannableType | undefined): GraphPlan {
  const problems: GraphProblem[] = [];
  const types = new Map<string, PlannableType>();
  const off = disabledNodes(doc);
  for (const [id, node] of Object.entries(doc.nodes)) {
    if (off.has(id)) continue;
    const t = resolve(node.type);
    if (!t) {
      problems.push({ path: ['nodes', id, 'type'], message: `unknown node type "${node.type}": no installed plugin provides it` });
      continue;
    }
    types.set(id, t);
    if (node.typeVersion > t.info.version) {
      problems.push({
        path: ['nodes', id, 'typeVersion'],
        message: `node "${id}" was made with version ${node.typeVersion} of "${node.type}", newer than the installed version ${t.info.version}`,
      });
    } else if (t.checkConfig) {
      for (const p of t.checkConfig(node.config)) problems.push({ path: ['nodes', id, 'config', ...p.path], message: p.message });
    }
  }

  const seen = new Set<string>();
  const wiredInputs = new Set<string>();
  /** input "node.port" -> the nodes wiring into it, in edge order */
  const feeders = new Map<string, string[]>();
  doc.edges.forEach((e, i) => {
    if (off.has(e.from.node) || off.has(e.to.node)) return;
    const from = types.get(e.from.node);
    const to = types.get(e.to.node);
    const k = `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`;
    if (seen.has(k)) problems.push({ path: ['edges', i], message: `edge ${k} appears twice` });
    seen.add(k);
    if (e.from.node === e.to.node) problems.push({ path: ['edges', i], message: `edge ${k} wires node "${e.from.node}" to itself (a cycle)` });
    if (!from || !to) return;
    const out = from.info.outputs[e.from.port];
    const inp = to.info.inputs[e.to.port];
    if (!out)
      problems.push({
        path: ['edges', i, 'from', 'port'],
        message: `node "${e.from.node}" (${from.info.type}) has no output port "${e.from.port}"; it has: ${Object.keys(from.info.outputs).join(', ') || 'none'}`,
      });
    if (!inp)
      problems.push({
        path: ['edges', i, 'to', 'port'],
        message: `node "${e.to.node}" (${to.info.type}) has no input port "${e.to.port}"; it has: ${Object.keys(to.info.inputs).join(', ') || 'none'}`,
      });
    if (out && inp) {
      const why = connectionProblem(out, inp);
      if (why) problems.push({ path: ['edges', i], message: `cannot wire ${e.from.node}.${e.from.port} to ${e.to.node}.${e.to.port}: ${why}` });
      const input = `${e.to.node}.${e.to.port}`;
      const fed = feeders.get(input) ?? [];
      const fanIn = fanInProblem(inp, fed);
      if (fanIn) problems.push({ path: ['edges', i], message: `input "${e.to.port}" of node "${e.to.node}" cannot also be fed by ${e.from.node}: ${fanIn}` });
      feeders.set(input, [...fed, e.from.node]);
      wiredInputs.add(input);
    }
  });

  for (const [id, t] of types) {
    for (const [port, spec] of Object.entries(t.info.inputs)) {
      if (spec.required !== false && !wiredInputs.has(`${id}.${port}`)) {
        const fedBy = doc.edges.filter((e) => e.to.node === id && e.to.port === port && off.has(e.from.node)).map((e) => `"${e.from.node}"`);
        const why = fedBy.length ? `: its wire comes from ${fedBy.join(', ')}, which is disabled; enable it or disable this node too` : '';
        problems.push({ path: ['nodes', id], message: `input "${port}" of node "${id}" (${t.info.type}) is not connected${why}` });
      }
    }
  }

  const order = topologicalOrder(doc, off);
  if (order.cycle.length) problems.push({ path: ['edges'], message: `the graph has a cycle through nodes ${order.cycle.map((n) => `"${n}"`).join(', ')}` });
  return { order: order.order, problems };
}

function topologicalOrder(doc: GraphDocument, off: ReadonlySet<string>): { order: string[]; cycle: string[] } {
  const indegree = new Map<string, number>(
    Object.keys(doc.nodes)
      .filter((id) => !off.has(id))
      .map((id) => [id, 0]),
  );
  const next = new Map<string, string[]>();
  for (const e of doc.edges) {
    if (!indegree.has(e.from.node) || !indegree.has(e.to.node) || e.from.node === e.to.node) continue;
    indegree.set(e.to.node, indegree.get(e.to.node)! + 1);
    next.set(e.from.node, [...(next.get(e.from.node) ?? []), e.to.node]);
  }
  const ready = [...indegree]
    .filter(([, d]) => d === 0)
    .map(([id]) => id)
    .sort();
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const n of next.get(id) ?? []) {
      indegree.set(n, indegree.get(n)! - 1);
      if (indegree.get(n) === 0) ready.push(n);
    }
  }
  const cycle = [...indegree]
    .filter(([, d]) => d > 0)
    .map(([id]) => id)
    .sort();
  return { order, cycle };
}
