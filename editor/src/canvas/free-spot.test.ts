import { describe, expect, it } from 'vitest';
import { freeSpot, NODE_GAP, type Box } from './free-spot.ts';

const size = { width: 230, height: 110 };
const apart = (a: Box, b: Box) =>
  a.x >= b.x + b.width + NODE_GAP || b.x >= a.x + a.width + NODE_GAP || a.y >= b.y + b.height + NODE_GAP || b.y >= a.y + a.height + NODE_GAP;

describe('freeSpot', () => {
  it('keeps the wanted place when it is free', () => {
    expect(freeSpot({ x: 0, y: 0 }, size, [{ x: 500, y: 0, ...size }])).toEqual({ x: 0, y: 0 });
  });

  it('moves a node off one it would cover, to the nearest free place', () => {
    const taken = [{ x: 0, y: 0, ...size }];
    const p = freeSpot({ x: 10, y: 10 }, size, taken);
    expect(apart({ ...p, ...size }, taken[0]!)).toBe(true);
    expect(Math.hypot(p.x - 10, p.y - 10)).toBeLessThan(200);
  });

  it('places ten nodes added at one point so that none overlaps another', () => {
    const placed: Box[] = [];
    for (let i = 0; i < 10; i++) placed.push({ ...freeSpot({ x: 100, y: 100 }, size, placed), ...size });
    for (const a of placed) for (const b of placed) if (a !== b) expect(apart(a, b)).toBe(true);
  });
});
