import { useId, useMemo, useRef, useState } from 'react';
import type { Connection } from '@xyflow/react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { Icon } from '../palette/Icon.tsx';
import type { SluiceFlowEdge, SluiceFlowNode } from './flow-model.ts';
import { wireChoices, type WireChoice } from './wire-choices.ts';

interface Props {
  node: SluiceFlowNode;
  nodes: SluiceFlowNode[];
  edges: SluiceFlowEdge[];
  typeOf(type: string): NodeTypeInfo | undefined;
  onConnect(connection: Connection): void;
  onRemove(edgeId: string): void;
}

/**
 * The selected node's wires, drawn and removed without a pointer: xyflow wires only by dragging
 * between handles, so this lists the node's wires (each with Remove) and offers, in two lists,
 * every wire the canvas would accept from its outputs and into its inputs.
 */
export function NodeWires({ node, nodes, edges, typeOf, onConnect, onRemove }: Props) {
  const name = (id: string) => {
    const n = nodes.find((x) => x.id === id);
    return `${n?.data.name || typeOf(n?.data.type ?? '')?.title || n?.data.type || id} (${id})`;
  };
  const port = (id: string, handle: string | null | undefined, side: 'inputs' | 'outputs') => {
    const n = nodes.find((x) => x.id === id);
    return typeOf(n?.data.type ?? '')?.[side][handle ?? '']?.title ?? handle ?? '';
  };
  const own = edges.filter((e) => e.source === node.id || e.target === node.id);
  // Offered wires depend on the nodes' types and names and on the wires, not on positions (which
  // only order them): a drag frame must not check every port pair of a 2,000-node graph again.
  const shape = nodes.map((n) => `${n.id}\u0000${n.data.type}\u0000${n.data.name ?? ''}`).join('\u0001');
  const latest = useRef(nodes);
  latest.current = nodes;
  const [outs, ins] = useMemo(
    () => [wireChoices(node.id, 'out', latest.current, edges, typeOf), wireChoices(node.id, 'in', latest.current, edges, typeOf)],
    [node.id, shape, edges, typeOf],
  );
  return (
    <section className="node-wires" aria-labelledby={`wires-${node.id}`} data-testid="node-wires">
      <h3 id={`wires-${node.id}`}>Wires</h3>
      {own.length === 0 && <p className="muted">Not wired yet.</p>}
      {own.length > 0 && (
        <ul className="wire-list">
          {own.map((e) => {
            const label =
              e.source === node.id
                ? `${port(e.source, e.sourceHandle, 'outputs')} → ${name(e.target)} · ${port(e.target, e.targetHandle, 'inputs')}`
                : `${port(e.target, e.targetHandle, 'inputs')} ← ${name(e.source)} · ${port(e.source, e.sourceHandle, 'outputs')}`;
            return (
              <li key={e.id}>
                <span>{label}</span>
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={`Remove the wire ${label}`}
                  title="Remove this wire"
                  onClick={() => onRemove(e.id)}
                >
                  <Icon name="x" size={13} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <WirePicker label="Connect an output to" choices={outs} onConnect={onConnect} testId="connect-to" />
      <WirePicker label="Feed an input from" choices={ins} onConnect={onConnect} testId="connect-from" />
    </section>
  );
}

function WirePicker({ label, choices, onConnect, testId }: { label: string; choices: WireChoice[]; onConnect(c: Connection): void; testId: string }) {
  const id = useId();
  const [picked, setPicked] = useState('');
  if (choices.length === 0) return null;
  const choice = choices.find((c) => c.label === picked);
  return (
    <div className="wire-picker">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="inline-row">
        <select id={id} value={choice ? picked : ''} onChange={(e) => setPicked(e.target.value)} data-testid={`${testId}-select`}>
          <option value="">Choose…</option>
          {choices.map((c) => (
            <option key={c.label} value={c.label}>
              {c.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="tool-button"
          disabled={!choice}
          onClick={() => {
            if (!choice) return;
            onConnect(choice.connection);
            setPicked('');
          }}
          data-testid={`${testId}-button`}
        >
          Connect
        </button>
      </div>
    </div>
  );
}
