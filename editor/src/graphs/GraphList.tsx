import type { GraphSummary } from '../api/api-types.ts';
import { Icon } from '../palette/Icon.tsx';

interface Props {
  graphs: GraphSummary[];
  currentId: string | null;
  error?: string;
  onOpen(id: string): void;
  onCreate(): void;
  onDelete(graph: GraphSummary): void;
  /** A viewer's list: no New, no Delete. */
  readOnly?: boolean;
}

export function GraphList({ graphs, currentId, error, onOpen, onCreate, onDelete, readOnly }: Props) {
  return (
    <section className="graph-list" aria-label="Graphs">
      <div className="section-head">
        <h2>Graphs</h2>
        {!readOnly && (
          <button type="button" className="link-button" onClick={onCreate} data-testid="new-graph">
            <Icon name="plus" size={13} /> New
          </button>
        )}
      </div>
      {error && <p className="empty-state error-text">{error}</p>}
      {!error && graphs.length === 0 && <p className="empty-state">No graphs yet.</p>}
      <ul>
        {graphs.map((g) => (
          <li key={g.id} className={g.id === currentId ? 'active' : ''}>
            <button type="button" className="graph-link" onClick={() => onOpen(g.id)} title={`${g.name} (${g.id})`}>
              {g.name}
              {g.draft && (
                <span className="draft-badge" title="A draft: saved, but it cannot run until its problems are fixed">
                  draft
                </span>
              )}
            </button>
            {!readOnly && (
              <button type="button" className="icon-button danger" title={`Delete ${g.name}`} onClick={() => onDelete(g)}>
                <Icon name="trash" size={13} />
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
