import { useEffect, useRef } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';

/** What a node type is, from its plugin's own description: title, what it does, its ports, its package. */
export function NodeHelp({ info, type, onClose }: { info: NodeTypeInfo | undefined; type: string; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  const ports = (p: NodeTypeInfo['inputs']) =>
    Object.entries(p)
      .map(([name, spec]) => `${spec.title || name} (${spec.kind})`)
      .join(', ') || 'none';
  return (
    <dialog ref={ref} className="dialog node-help" aria-labelledby="node-help-title" onClose={onClose} data-testid="node-help">
      <div className="dialog-head">
        <h2 id="node-help-title">{info?.title ?? type}</h2>
        <button type="button" className="tool-button" onClick={onClose}>
          Close
        </button>
      </div>
      {info ? (
        <>
          <p>{info.description}</p>
          <p>
            <strong>Reads:</strong> {ports(info.inputs)} · <strong>Emits:</strong> {ports(info.outputs)}
          </p>
          <p className="muted">
            Type <code>{info.type}</code>, from the package {info.package.name} {info.package.version}
          </p>
        </>
      ) : (
        <p>No installed plugin provides the type “{type}”.</p>
      )}
    </dialog>
  );
}
