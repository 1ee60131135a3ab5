export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** Current position; used to keep the user's vertical order where edges do not decide it. */
  y?: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface LayoutOptions {
  columnGap: number;
  rowGap: number;
}

/**
 * A left-to-right layered layout, the shape every pipeline here has (source -> ... -> sink):
 * layer = longest path from a node without inputs, order inside a layer by the barycentre of the
 * nodes feeding it (a few sweeps cut most crossings), then columns and rows packed with gaps.
 * Small and dependency-free; pipelines are mostly chains and fans, where this matches dagre.
 */
export function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[], opts: LayoutOptions = { columnGap: 80, rowGap: 40 }) {
  const ids = new Set(nodes.map((n) => n.id));
  const preds = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const succs = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    if (!ids.has(e.source) || !ids.has(e.target) || e.source === e.target) continue;
    preds.get(e.target)!.push(e.source);
    succs.get(e.source)!.push(e.target);
  }

  // Longest path layering by DFS; an edge back into the current path (a cycle) is ignored.
  const layer = new Map<string, number>();
  const onPath = new Set<string>();
  const layerOf = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    onPath.add(id);
    let l = 0;
    for (const p of preds.get(id)!) if (!onPath.has(p)) l = Math.max(l, layerOf(p) + 1);
    onPath.delete(id);
    layer.set(id, l);
    return l;
  };
  for (const n of nodes) layerOf(n.id);

  const columns: string[][] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of [...nodes].sort((a, b) => (a.y ?? 0) - (b.y ?? 0))) (columns[layer.get(n.id)!] ??= []).push(n.id);

  const index = new Map<string, number>();
  const reindex = () => columns.forEach((col) => col.forEach((id, i) => index.set(id, i)));
  reindex();
  const barycentre = (id: string, links: Map<string, string[]>) => {
    const ns = links.get(id)!.filter((n) => index.has(n));
    return ns.length ? ns.reduce((s, n) => s + index.get(n)!, 0) / ns.length : index.get(id)!;
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    const order = down
      ? columns.map((_, i) => i).slice(1)
      : columns
          .map((_, i) => i)
          .reverse()
          .slice(1);
    for (const c of order) {
      const col = columns[c] ?? [];
      const keys = new Map(col.map((id) => [id, barycentre(id, down ? preds : succs)]));
      col.sort((a, b) => keys.get(a)! - keys.get(b)!);
      reindex();
    }
  }

  const positions: Record<string, { x: number; y: number }> = {};
  let x = 0;
  for (const col of columns) {
    if (!col) continue;
    const width = Math.max(...col.map((id) => byId.get(id)!.width));
    const total = col.reduce((s, id) => s + byId.get(id)!.height, 0) + opts.rowGap * (col.length - 1);
    let y = -total / 2;
    for (const id of col) {
      positions[id] = { x: Math.round(x), y: Math.round(y) };
      y += byId.get(id)!.height + opts.rowGap;
    }
    x += width + opts.columnGap;
  }
  return positions;
}
