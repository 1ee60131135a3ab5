import { Handle, Position } from '@xyflow/react';
import type { PortSpec } from '@sluice/sdk/graph';

interface Props {
  id: string;
  title: string;
  /** The full node's classes: selection, problems, run state, disabled; drawn here as colour. */
  className: string;
  accent: string;
  inputs: [string, PortSpec][];
  outputs: [string, PortSpec][];
  /** What the colour says, in words, for screen readers: run state, errors, problems. */
  status: string;
}

/** Where a port's wires end on a light box: spread evenly down its side. */
const at = (i: number, n: number) => ({ top: `${((i + 1) / (n + 1)) * 100}%` });

/**
 * A node drawn zoomed out (level-of-detail.ts): its name on a box of its category colour, its state
 * as the box's colour, and its ports as unseen anchors where its wires end. No port rows, icon,
 * figures or messages: a few elements to paint instead of dozens, for each node in view.
 */
export function LightNode({ id, title, className, accent, inputs, outputs, status }: Props) {
  return (
    <div
      className={`sn sn-light ${className}`}
      style={{ '--accent': accent, '--rows': Math.max(inputs.length, outputs.length, 1) } as React.CSSProperties}
      data-testid={`node-${id}`}
    >
      <span className="sn-title">{title}</span>
      {status && <span className="sr-only">{status}</span>}
      {inputs.map(([name], i) => (
        <Handle key={name} type="target" position={Position.Left} id={name} className="light-handle" style={at(i, inputs.length)} isConnectable={false} />
      ))}
      {outputs.map(([name], i) => (
        <Handle key={name} type="source" position={Position.Right} id={name} className="light-handle" style={at(i, outputs.length)} isConnectable={false} />
      ))}
    </div>
  );
}
