import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, LIMITS, MIN_CANVAS, parseLayout, resize, shownWidths, SPLITTER, toggle } from './panel-layout.ts';

describe('panel layout', () => {
  it('reads back a stored layout, and falls back on anything broken or hostile', () => {
    const stored = JSON.stringify({ side: 300, panel: 500, preview: 200, collapsed: { side: true, panel: false, preview: true } });
    expect(parseLayout(stored)).toEqual({ side: 300, panel: 500, preview: 200, collapsed: { side: true, panel: false, preview: true } });
    for (const bad of [null, '', '{', 'null', '[1,2]', '"x"', '{"side":"wide","panel":null,"collapsed":"yes"}', '{"side":1e400}'])
      expect(parseLayout(bad)).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('{"side":-5,"panel":99999,"preview":12.6}')).toMatchObject({
      side: LIMITS.side.min,
      panel: LIMITS.panel.max,
      preview: LIMITS.preview.min,
    });
    expect(parseLayout('{"collapsed":{"side":"true","panel":1}}').collapsed).toEqual({ side: false, panel: false, preview: false });
  });

  it('resizes within the limits and collapses without forgetting the size', () => {
    expect(resize(DEFAULT_LAYOUT, 'side', 40).side).toBe(290);
    expect(resize(DEFAULT_LAYOUT, 'side', -1000).side).toBe(LIMITS.side.min);
    expect(resize(DEFAULT_LAYOUT, 'panel', 1000).panel).toBe(LIMITS.panel.max);
    const closed = toggle(DEFAULT_LAYOUT, 'panel');
    expect(closed.collapsed.panel).toBe(true);
    expect(closed.panel).toBe(DEFAULT_LAYOUT.panel);
    expect(toggle(closed, 'panel')).toEqual(DEFAULT_LAYOUT);
  });

  it('draws the chosen widths where they fit', () => {
    expect(shownWidths(DEFAULT_LAYOUT, 1440)).toEqual({ side: 250, panel: 360 });
    expect(shownWidths(DEFAULT_LAYOUT, 1024)).toEqual({ side: 250, panel: 360 });
  });

  it('in a narrow window the columns give way so that the canvas keeps its room', () => {
    for (const viewport of [900, 768]) {
      const w = shownWidths({ ...DEFAULT_LAYOUT, side: 400, panel: 700 }, viewport);
      expect(viewport - w.side - w.panel - 2 * SPLITTER).toBeGreaterThanOrEqual(MIN_CANVAS);
      expect(w.side).toBeGreaterThanOrEqual(LIMITS.side.min);
      expect(w.panel).toBeGreaterThanOrEqual(LIMITS.panel.min);
    }
  });

  it('a collapsed column gives its room to the canvas', () => {
    const w = shownWidths(toggle(DEFAULT_LAYOUT, 'side'), 768);
    expect(w.side).toBe(0);
    expect(w.panel).toBe(360);
  });
});
