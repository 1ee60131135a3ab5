/**
 * The source node feeding `nodeId` (walking edges upstream, nearest first), so that a parse node's
 * preview can read a file of its own source. Null when no source is wired in.
 */
export function upstreamSource(nodeId: string, edges: { source: string; target: string }[], isSource: (id: string) => boolean): string | null {
  const seen = new Set([nodeId]);
  let frontier = [nodeId];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of edges) {
        if (e.target !== id || seen.has(e.source)) continue;
        if (isSource(e.source)) return e.source;
        seen.add(e.source);
        next.push(e.source);
      }
    }
    frontier = next;
  }
  return null;
}
