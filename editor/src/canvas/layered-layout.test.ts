import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layered-layout.ts';

const box = (id: string, y = 0) => ({ id, width: 200, height: 80, y });

describe('layeredLayout', () => {
  it('puts a chain in successive columns, left to right', () => {
    const p = layeredLayout(
      [box('sink'), box('src'), box('mid')],
      [
        { source: 'src', target: 'mid' },
        { source: 'mid', target: 'sink' },
      ],
    );
    expect(p.src!.x).toBeLessThan(p.mid!.x);
    expect(p.mid!.x).toBeLessThan(p.sink!.x);
    expect(p.src!.y).toBe(p.mid!.y);
  });

  it('places a node after the longest path into it and keeps fans apart', () => {
    const p = layeredLayout(
      [box('a'), box('b'), box('c'), box('d')],
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'd' },
        { source: 'a', target: 'c' },
        { source: 'c', target: 'd' },
        { source: 'a', target: 'd' },
      ],
    );
    expect(p.d!.x).toBeGreaterThan(p.b!.x);
    expect(p.b!.x).toBe(p.c!.x);
    expect(Math.abs(p.b!.y - p.c!.y)).toBeGreaterThanOrEqual(80 + 40);
  });

  it('orders a column by the nodes that feed it, to avoid crossings', () => {
    const p = layeredLayout(
      [box('s1', 0), box('s2', 500), box('t1', 500), box('t2', 0)],
      [
        { source: 's1', target: 't1' },
        { source: 's2', target: 't2' },
      ],
    );
    expect(p.t1!.y).toBeLessThan(p.t2!.y);
  });

  it('survives a cycle and isolated nodes', () => {
    const p = layeredLayout(
      [box('a'), box('b'), box('lone')],
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
      ],
    );
    expect(Object.keys(p).sort()).toEqual(['a', 'b', 'lone']);
    expect(p.a!.x).not.toBe(p.b!.x);
  });
});
