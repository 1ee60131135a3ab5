export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space kept between a new node and the ones around it. */
export const NODE_GAP = 24;
const STEP = 30;
const MAX_RING = 60;

const overlaps = (a: Box, b: Box, gap: number) =>
  a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;

/**
 * The place nearest to `want` where a box of `size` overlaps none of `taken` (with `gap` around
 * each): `want` itself when it is free, else the nearest free point of a 30 px grid around it,
 * rightward and downward first on a tie, so a new node lands beside the crowd rather than on it.
 */
export function freeSpot(want: { x: number; y: number }, size: { width: number; height: number }, taken: Box[], gap = NODE_GAP): { x: number; y: number } {
  const near = taken.filter(
    (b) => Math.abs(b.x - want.x) < (MAX_RING + 1) * STEP + b.width + size.width && Math.abs(b.y - want.y) < (MAX_RING + 1) * STEP + b.height + size.height,
  );
  const free = (x: number, y: number) => !near.some((b) => overlaps({ x, y, width: size.width, height: size.height }, b, gap));
  if (free(want.x, want.y)) return want;
  for (let ring = 1; ring <= MAX_RING; ring++) {
    const spots: { x: number; y: number; d: number }[] = [];
    for (let i = -ring; i <= ring; i++) {
      for (const [dx, dy] of [
        [i, -ring],
        [i, ring],
        [-ring, i],
        [ring, i],
      ] as const) {
        spots.push({ x: want.x + dx * STEP, y: want.y + dy * STEP, d: Math.hypot(dx, dy) - (dx > 0 ? 0.01 : 0) - (dy > 0 ? 0.005 : 0) });
      }
    }
    spots.sort((a, b) => a.d - b.d);
    const hit = spots.find((p) => free(p.x, p.y));
    if (hit) return { x: hit.x, y: hit.y };
  }
  return want;
}
