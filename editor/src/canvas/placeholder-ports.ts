import type { PortKind, PortSpecs } from '@sluice/sdk/graph';

interface WireEnds {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

/**
 * The ports of a placeholder (a node whose type is not installed), read from its wires: it has no
 * specs, yet each of its wires must stay drawn. A port's kind is the one of the known port at the
 * wire's other end (`kindAt`), `files` when that is not known either.
 */
export function placeholderPorts(
  id: string,
  edges: readonly WireEnds[],
  kindAt: (node: string, port: string, side: 'in' | 'out') => PortKind | undefined,
): { inputs: PortSpecs; outputs: PortSpecs } {
  const inputs: PortSpecs = {};
  const outputs: PortSpecs = {};
  for (const e of edges) {
    if (e.target === id && e.targetHandle && !inputs[e.targetHandle]) {
      inputs[e.targetHandle] = { kind: kindAt(e.source, e.sourceHandle ?? '', 'out') ?? 'files', title: e.targetHandle, required: false };
    }
    if (e.source === id && e.sourceHandle && !outputs[e.sourceHandle]) {
      outputs[e.sourceHandle] = { kind: kindAt(e.target, e.targetHandle ?? '', 'in') ?? 'files', title: e.sourceHandle };
    }
  }
  return { inputs, outputs };
}
