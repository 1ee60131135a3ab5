/** What a table needs of a canvas node to name it. */
export interface LabelledNode {
  id: string;
  name?: string;
  type: string;
}

/**
 * The name each node goes by in tables: its label, else its type's title, else its id. Two nodes
 * that would read the same (two unnamed "Parse CSV") are told apart by their ids.
 */
export function nodeLabels(nodes: readonly LabelledNode[], titleOf: (type: string) => string | undefined): Map<string, string> {
  const base = new Map(nodes.map((n) => [n.id, n.name?.trim() || titleOf(n.type) || n.id]));
  const uses = new Map<string, number>();
  for (const label of base.values()) uses.set(label, (uses.get(label) ?? 0) + 1);
  return new Map([...base].map(([id, label]) => [id, (uses.get(label) ?? 0) > 1 && label !== id ? `${label} (${id})` : label]));
}
