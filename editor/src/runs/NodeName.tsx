import { useContext } from 'react';
import { NodeLabelsContext } from '../canvas/canvas-contexts.ts';

/** A node as tables name it: its label, with its id on hover; a node no longer in the graph by its id. */
export function NodeName({ id }: { id: string }) {
  const label = useContext(NodeLabelsContext).get(id);
  return label ? (
    <span className="node-name" title={id}>
      {label}
    </span>
  ) : (
    <span className="node-name mono" title="no longer in the graph">
      {id}
    </span>
  );
}
