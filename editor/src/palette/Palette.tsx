import { useMemo, useState } from 'react';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { categoryStyle } from './categories.ts';
import { groupNodeTypes } from './group-node-types.ts';
import { Icon } from './Icon.tsx';
import { PaletteItem } from './PaletteItem.tsx';

interface Props {
  types: NodeTypeInfo[];
  error?: string;
  onAdd(type: string): void;
}

export function Palette({ types, error, onAdd }: Props) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupNodeTypes(types, query), [types, query]);
  return (
    <section className="palette" aria-label="Node palette">
      <div className="search-box">
        <Icon name="search" size={14} />
        <input placeholder="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search nodes" />
      </div>
      {error && <p className="empty-state error-text">Node types could not be loaded: {error}</p>}
      {!error && types.length === 0 && <p className="empty-state">No node types yet: the runtime reports no installed plugins.</p>}
      {types.length > 0 && groups.length === 0 && <p className="empty-state">No node matches “{query}”.</p>}
      {groups.map((g) => (
        <div key={g.category} className="palette-group">
          <h3 style={{ '--accent': categoryStyle(g.category).color } as React.CSSProperties}>{categoryStyle(g.category).label}</h3>
          {g.types.map((t) => (
            <PaletteItem key={t.type} info={t} onAdd={onAdd} />
          ))}
        </div>
      ))}
    </section>
  );
}
