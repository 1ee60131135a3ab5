import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { CATEGORY_ORDER } from './categories.ts';

export interface PaletteGroupModel {
  category: string;
  types: NodeTypeInfo[];
}

/**
 * The palette's content: node types matching `query` (every word must appear in the title, type,
 * description or category), grouped by category in pipeline order, sorted by title inside a group.
 */
export function groupNodeTypes(types: NodeTypeInfo[], query: string): PaletteGroupModel[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = types.filter((t) => {
    const text = `${t.title} ${t.type} ${t.description} ${t.category}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const groups = new Map<string, NodeTypeInfo[]>();
  for (const t of matching) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  const rank = (c: string) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, list]) => ({ category, types: list.sort((a, b) => a.title.localeCompare(b.title)) }));
}
