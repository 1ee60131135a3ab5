import { useEffect, useRef, useState } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { useApi } from '../api/ApiContext.ts';
import { HelpMarkdown } from './HelpMarkdown.tsx';
import './node-help.css';

type Readme = { markdown: string } | { error: string } | null;

/**
 * Node help, in a panel at the right of the canvas (the canvas stays usable beside it): what the
 * type is from its plugin's own description (title, what it does, its ports, its package), then
 * its package's README. Escape or Close ends it; it takes the focus when it opens.
 */
export function NodeHelp({ info, type, onClose }: { info: NodeTypeInfo | undefined; type: string; onClose(): void }) {
  const api = useApi();
  const [readme, setReadme] = useState<Readme>(null);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    let current = true;
    setReadme(null);
    ref.current?.focus();
    api.nodeTypeHelp(type).then(
      (help) => current && setReadme({ markdown: help.markdown }),
      (e: Error) => current && setReadme({ error: e.message }),
    );
    return () => {
      current = false;
    };
  }, [api, type]);
  const ports = (p: NodeTypeInfo['inputs']) =>
    Object.entries(p)
      .map(([name, spec]) => `${spec.title || name} (${spec.kind})`)
      .join(', ') || 'none';
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className="node-help"
      aria-labelledby="node-help-title"
      data-testid="node-help"
      onKeyDown={(e) => {
        // The panel keeps its keys, as a dialog does: Delete, Ctrl+A or Ctrl+C while reading the help
        // must not act on the graph (the canvas's menu key and the editor's shortcuts listen above).
        e.stopPropagation();
        if (e.key !== 'Escape') return;
        e.preventDefault();
        onClose();
      }}
    >
      <div className="node-help-head">
        <h2 id="node-help-title">{info?.title ?? type}</h2>
        <button type="button" className="tool-button" onClick={onClose} aria-label="Close the help" data-testid="node-help-close">
          Close
        </button>
      </div>
      <div className="node-help-body" tabIndex={0} role="region" aria-label={`Help for ${info?.title ?? type}`}>
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
        {info && (
          <div className="node-help-readme" data-testid="node-help-readme" aria-busy={readme === null}>
            {readme === null && <p className="muted">Loading the package's README…</p>}
            {readme && 'error' in readme && <p className="muted">{readme.error}</p>}
            {readme && 'markdown' in readme && <HelpMarkdown markdown={readme.markdown} />}
          </div>
        )}
      </div>
    </section>
  );
}
