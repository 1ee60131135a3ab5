import { describe, expect, it } from 'vitest';
import { LARGE_GRAPH, openingViewport } from './opening-view.ts';

describe('openingViewport', () => {
  it('lets small graphs be fitted', () => {
    expect(openingViewport([{ x: 0, y: 0 }])).toBeNull();
  });

  it('opens a large graph on its top-left node at a readable zoom', () => {
    const positions = Array.from({ length: LARGE_GRAPH + 1 }, (_, i) => ({ x: 100 + (i % 5) * 300, y: -50 + i * 10 }));
    expect(openingViewport(positions, 0.5, 20)).toEqual({ x: 20 - 100 * 0.5, y: 20 + 50 * 0.5, zoom: 0.5 });
  });
});
