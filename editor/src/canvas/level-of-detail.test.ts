import { describe, expect, it } from 'vitest';
import { isLightZoom, LIGHT_BELOW_ZOOM } from './level-of-detail.ts';
import { LARGE_GRAPH, openingViewport } from './opening-view.ts';

describe('level of detail', () => {
  it('draws light boxes below the threshold zoom only', () => {
    expect(isLightZoom(0.05)).toBe(true);
    expect(isLightZoom(LIGHT_BELOW_ZOOM - 0.01)).toBe(true);
    expect(isLightZoom(LIGHT_BELOW_ZOOM)).toBe(false);
    expect(isLightZoom(1)).toBe(false);
    expect(isLightZoom(2)).toBe(false);
  });

  it('a large graph opens in full detail: its opening zoom is above the threshold', () => {
    const positions = Array.from({ length: LARGE_GRAPH + 1 }, (_, i) => ({ x: (i % 5) * 290, y: Math.floor(i / 5) * 170 }));
    expect(isLightZoom(openingViewport(positions)!.zoom)).toBe(false);
  });
});
