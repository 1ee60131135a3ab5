import type { Connection, Edge } from '@xyflow/react';
import { connectionProblem, fanInProblem, type NodeTypeInfo } from '@sluice/sdk/graph';
import type { SluiceFlowEdge, SluiceFlowNode } from './flow-model.ts';

/**
 * Why the canvas refuses a wire, or null when it may be drawn. Port kinds are checked by the
 * SDK's `connectionProblem`, the same rule the runtime's planner applies; the rest are the
 * planner's other edge rules, caught while the user drags instead of at save.
 */
export function wireProblem(
  c: Connection | Edge,
  nodes: ReadonlyMap<string, SluiceFlowNode>,
  edges: SluiceFlowEdge[],
  typeOf: (type: string) => NodeTypeInfo | undefined,
): string | null {
  if (c.source === c.target) return 'a node cannot feed itself';
  const from = nodes.get(c.source);
  const to = nodes.get(c.target);
  if (!from || !to) return 'both ends must be nodes on the canvas';
  const fromType = typeOf(from.data.type);
  const toType = typeOf(to.data.type);
  if (!fromType || !toType) return `node type "${(fromType ? to : from).data.type}" is not installed`;
  const out = fromType.outputs[c.sourceHandle ?? ''];
  const inp = toType.inputs[c.targetHandle ?? ''];
  if (!out) return `"${from.id}" has no output "${c.sourceHandle}"`;
  if (!inp) return `"${to.id}" has no input "${c.targetHandle}"`;
  const kind = connectionProblem(out, inp);
  if (kind) return `${kind} (${from.id}.${c.sourceHandle} → ${to.id}.${c.targetHandle})`;
  if (edges.some((e) => e.source === c.source && e.target === c.target && e.sourceHandle === c.sourceHandle && e.targetHandle === c.targetHandle)) {
    return 'these ports are already wired';
  }
  const feeders = edges.filter((e) => e.target === c.target && e.targetHandle === c.targetHandle).map((e) => e.source);
  const fanIn = fanInProblem(inp, feeders);
  if (fanIn) return `${fanIn} (${to.id}.${c.targetHandle})`;
  if (reaches(c.target, c.source, edges)) return `wiring ${from.id} → ${to.id} would make a cycle`;
  return null;
}

function reaches(start: string, goal: string, edges: SluiceFlowEdge[]): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === goal) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}
