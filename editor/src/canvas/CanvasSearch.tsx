import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { SluiceFlowNode } from './flow-model.ts';
import { findNodes } from './find-nodes.ts';

interface Props {
  nodes: SluiceFlowNode[];
  titleOf(type: string): string | undefined;
  /** Select a found node and bring it into view. */
  onReveal(id: string): void;
  onClose(): void;
}

/** Ctrl+F on the canvas: nodes by label, type or id; arrows move, Enter jumps, Escape closes. */
export function CanvasSearch({ nodes, titleOf, onReveal, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const found = useMemo(() => findNodes(nodes, query, titleOf), [nodes, query, titleOf]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  const pick = (i: number) => {
    const f = found[i];
    if (!f) return;
    setActive(i);
    onReveal(f.id);
  };
  return (
    <div className="canvas-search" role="search" data-testid="canvas-search">
      <input
        ref={input}
        type="search"
        aria-label="Find a node by name, type or id"
        placeholder="Find a node by name, type or id"
        aria-controls={listId}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') return onClose();
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const next = Math.min(found.length - 1, Math.max(0, active + (e.key === 'ArrowDown' ? 1 : -1)));
            pick(next);
          }
          if (e.key === 'Enter') {
            e.preventDefault();
            pick(active);
          }
        }}
      />
      {query.trim() && (
        <ul id={listId} className="canvas-search-results" aria-label="Nodes found">
          {found.length === 0 && <li className="canvas-search-none">No node matches “{query}”.</li>}
          {found.map((f, i) => (
            <li key={f.id}>
              <button type="button" tabIndex={-1} className={i === active ? 'active' : ''} aria-current={i === active} onClick={() => pick(i)}>
                <strong>{f.label}</strong> <small>{f.id}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
      <span className="canvas-search-count" aria-live="polite">
        {query.trim() ? `${found.length} found` : ''}
      </span>
    </div>
  );
}
