import type { Connection } from '@xyflow/react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { wireProblem } from './connection-problem.ts';
import type { SluiceFlowEdge, SluiceFlowNode } from './flow-model.ts';

/** A wire the keyboard can draw: a connection the canvas would accept, and how to name it. */
export interface WireChoice {
  connection: Connection;
  /** "Files → Checkpoint (checkpoint-1) · Files": the other node's label, id and port. */
  label: string;
}

/**
 * Every wire a node can take by keyboard, as the mouse would draw it: from each of its outputs
 * to each input of another node (`direction: 'out'`), or into each of its inputs from each output
 * of another node ('in'). Only the connections `wireProblem` accepts (port kinds, one wire into a
 * `files` input, no duplicate, no cycle), so the keyboard and the pointer follow one rule.
 * Ordered as the canvas reads, left to right then top to bottom.
 */
export function wireChoices(
  nodeId: string,
  direction: 'out' | 'in',
  nodes: readonly SluiceFlowNode[],
  edges: SluiceFlowEdge[],
  typeOf: (type: string) => NodeTypeInfo | undefined,
): WireChoice[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const self = byId.get(nodeId);
  const selfType = self && typeOf(self.data.type);
  if (!self || !selfType) return [];
  const others = nodes.filter((n) => n.id !== nodeId).sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y);
  const choices: WireChoice[] = [];
  const ownPorts = Object.entries(direction === 'out' ? selfType.outputs : selfType.inputs);
  for (const [ownPort, ownSpec] of ownPorts) {
    for (const other of others) {
      const otherType = typeOf(other.data.type);
      if (!otherType) continue;
      for (const [port, spec] of Object.entries(direction === 'out' ? otherType.inputs : otherType.outputs)) {
        const connection: Connection =
          direction === 'out'
            ? { source: nodeId, sourceHandle: ownPort, target: other.id, targetHandle: port }
            : { source: other.id, sourceHandle: port, target: nodeId, targetHandle: ownPort };
        if (wireProblem(connection, byId, edges, typeOf) !== null) continue;
        const name = `${other.data.name || otherType.title} (${other.id}) · ${spec.title}`;
        choices.push({ connection, label: direction === 'out' ? `${ownSpec.title} → ${name}` : `${ownSpec.title} ← ${name}` });
      }
    }
  }
  return choices;
}
