import type { SluiceFlowNode } from './flow-model.ts';

export interface FoundNode {
  id: string;
  /** What the node shows as its title: its name, else its type's title. */
  label: string;
  type: string;
}

const MAX_FOUND = 50;

/**
 * The canvas search: nodes whose label, type (or type title) or id hold every word of `query`,
 * ignoring case; the best first (an exact id or label, then a label or id starting with the
 * query, then the rest in canvas order: left to right, top to bottom).
 */
export function findNodes(nodes: SluiceFlowNode[], query: string, titleOf: (type: string) => string | undefined): FoundNode[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const q = words.join(' ');
  const scored: { found: FoundNode; score: number; x: number; y: number }[] = [];
  for (const n of nodes) {
    const title = titleOf(n.data.type);
    const label = n.data.name || title || n.data.type;
    const hay = [label, n.data.type, title ?? '', n.id].join('\n').toLowerCase();
    if (!words.every((w) => hay.includes(w))) continue;
    const l = label.toLowerCase();
    const id = n.id.toLowerCase();
    const score = l === q || id === q ? 0 : l.startsWith(q) || id.startsWith(q) ? 1 : 2;
    scored.push({ found: { id: n.id, label, type: n.data.type }, score, x: n.position.x, y: n.position.y });
  }
  scored.sort((a, b) => a.score - b.score || a.x - b.x || a.y - b.y);
  return scored.slice(0, MAX_FOUND).map((s) => s.found);
}
