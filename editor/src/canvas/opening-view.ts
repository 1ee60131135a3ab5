/** Above this many nodes, a graph opens at a readable zoom on its top-left corner instead of fitted. */
export const LARGE_GRAPH = 150;

/**
 * The view a graph opens with. A small graph is fitted (null: let xyflow fit it once measured). A
 * large one opens on its top-left corner at a readable zoom, computed from stored positions alone:
 * with only the visible nodes drawn, it becomes usable at once instead of after every node has been
 * drawn and measured at a zoom where none can be read. `F` still fits the whole graph.
 */
export function openingViewport(positions: { x: number; y: number }[], zoom = 0.8, margin = 40): { x: number; y: number; zoom: number } | null {
  if (positions.length <= LARGE_GRAPH) return null;
  const minX = Math.min(...positions.map((p) => p.x));
  const minY = Math.min(...positions.map((p) => p.y));
  return { x: margin - minX * zoom, y: margin - minY * zoom, zoom };
}
