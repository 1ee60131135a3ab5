import { Icon } from '../palette/Icon.tsx';

interface Props {
  /** Problems by node id, as the nodes show them. */
  problems: Record<string, string[]>;
  /** The node's name as every table shows it (its label, else its type's title, else its id: runs/node-labels.ts). */
  labelOf(id: string): string;
  onSelect(id: string): void;
}

/**
 * Every problem of the open graph in one list, beside the marks on the nodes: a graph with any is a
 * draft, saved but refused a run until they are fixed. Choosing one selects its node.
 */
export function ProblemList({ problems, labelOf, onSelect }: Props) {
  const entries = Object.entries(problems).flatMap(([id, list]) => list.map((message) => ({ id, message })));
  if (!entries.length) return null;
  return (
    <details className="problem-list" open data-testid="problem-list">
      <summary>
        <Icon name="alert" size={13} /> Draft: {entries.length} {entries.length === 1 ? 'problem' : 'problems'} to fix before it can run
      </summary>
      <ul>
        {entries.map((p) => (
          <li key={`${p.id}\u0000${p.message}`}>
            <button type="button" className="link-button" onClick={() => onSelect(p.id)}>
              {labelOf(p.id)}
            </button>
            <span>{p.message}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
