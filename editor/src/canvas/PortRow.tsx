import { Handle, Position } from '@xyflow/react';
import type { PortSpec } from '@sluice/sdk/graph';

/** One named port: a handle on the node's edge, coloured by kind, with its title beside it. */
export function PortRow({ name, spec, side }: { name: string; spec: PortSpec; side: 'in' | 'out' }) {
  return (
    <div className={`sn-port sn-port-${side}`} data-kind={spec.kind} title={`${spec.title} (${spec.kind})${spec.description ? `\n${spec.description}` : ''}`}>
      <Handle
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        id={name}
        className={`port-handle kind-${spec.kind}`}
      />
      <span className="sn-port-label">
        {spec.title}
        <small>{spec.kind}</small>
      </span>
    </div>
  );
}
