/**
 * The editor's panel sizes: the left sidebar (graphs and palette), the right panel (inspector, runs)
 * and the preview under a parse node's settings. Remembered per browser; every value read back is
 * checked, since storage is as hostile as any input.
 */
export type PanelName = 'side' | 'panel' | 'preview';

export interface PanelLayout {
  /** Widths (side, panel) and height (preview) in CSS pixels. */
  side: number;
  panel: number;
  preview: number;
  /** Collapsed panels keep their size for when they open again. */
  collapsed: Record<PanelName, boolean>;
}

export const DEFAULT_LAYOUT: PanelLayout = { side: 250, panel: 360, preview: 280, collapsed: { side: false, panel: false, preview: false } };

export const LIMITS: Record<PanelName, { min: number; max: number }> = {
  side: { min: 180, max: 480 },
  panel: { min: 280, max: 760 },
  preview: { min: 120, max: 900 },
};

/** What the canvas keeps, at least, between the two side columns before they give way. */
export const MIN_CANVAS = 280;
/** Width of a splitter column; a collapsed panel takes no room but its splitter's. */
export const SPLITTER = 6;

const clamp = (v: number, { min, max }: { min: number; max: number }) => Math.min(max, Math.max(min, Math.round(v)));

/** A stored layout read back: unknown or out-of-range values fall back to the defaults or the limits. */
export function parseLayout(stored: string | null | undefined): PanelLayout {
  let raw: unknown;
  try {
    raw = stored ? JSON.parse(stored) : null;
  } catch {
    raw = null;
  }
  const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const c = o.collapsed && typeof o.collapsed === 'object' ? (o.collapsed as Record<string, unknown>) : {};
  const size = (name: PanelName) => {
    const v = o[name];
    return typeof v === 'number' && Number.isFinite(v) ? clamp(v, LIMITS[name]) : DEFAULT_LAYOUT[name];
  };
  return {
    side: size('side'),
    panel: size('panel'),
    preview: size('preview'),
    collapsed: { side: c.side === true, panel: c.panel === true, preview: c.preview === true },
  };
}

/** The layout with one panel `delta` pixels larger (or smaller), within its limits. */
export function resize(layout: PanelLayout, name: PanelName, delta: number): PanelLayout {
  return { ...layout, [name]: clamp(layout[name] + delta, LIMITS[name]) };
}

export function setSize(layout: PanelLayout, name: PanelName, size: number): PanelLayout {
  return { ...layout, [name]: clamp(size, LIMITS[name]) };
}

export function toggle(layout: PanelLayout, name: PanelName): PanelLayout {
  return { ...layout, collapsed: { ...layout.collapsed, [name]: !layout.collapsed[name] } };
}

/**
 * The widths drawn in a window `viewport` pixels wide: the chosen ones while the canvas keeps
 * MIN_CANVAS; in a narrower window the two columns give way in proportion, down to their minimums
 * (so at 768 px both still show, and the canvas keeps its room). Collapsed columns take none.
 */
export function shownWidths(layout: PanelLayout, viewport: number): { side: number; panel: number } {
  const side = layout.collapsed.side ? 0 : layout.side;
  const panel = layout.collapsed.panel ? 0 : layout.panel;
  const room = viewport - MIN_CANVAS - 2 * SPLITTER;
  const over = side + panel - room;
  if (over <= 0) return { side, panel };
  const give = (w: number, name: PanelName, collapsed: boolean) => (collapsed ? 0 : Math.max(0, w - LIMITS[name].min));
  const sideGive = give(side, 'side', layout.collapsed.side);
  const panelGive = give(panel, 'panel', layout.collapsed.panel);
  const total = sideGive + panelGive;
  if (total === 0) return { side, panel };
  const share = Math.min(1, over / total);
  return { side: Math.floor(side - sideGive * share), panel: Math.floor(panel - panelGive * share) };
}
