import { useCallback, useEffect, useState } from 'react';
import { type PanelLayout, type PanelName, parseLayout, resize, setSize, toggle } from './panel-layout.ts';

/** localStorage key of the panel sizes (per browser, like the theme). */
export const LAYOUT_KEY = 'sluice.layout';

function load(): PanelLayout {
  try {
    return parseLayout(localStorage.getItem(LAYOUT_KEY));
  } catch {
    return parseLayout(null);
  }
}

export interface PanelLayoutControls {
  layout: PanelLayout;
  viewport: number;
  resizeBy(name: PanelName, delta: number): void;
  setSize(name: PanelName, size: number): void;
  toggle(name: PanelName): void;
}

/** The panel sizes, remembered in this browser, and the window width they are drawn in. */
export function usePanelLayout(): PanelLayoutControls {
  const [layout, setLayout] = useState(load);
  const [viewport, setViewport] = useState(() => window.innerWidth);
  useEffect(() => {
    try {
      localStorage.setItem(LAYOUT_KEY, JSON.stringify(layout));
    } catch {
      // Storage refused: the sizes last for this page.
    }
  }, [layout]);
  useEffect(() => {
    const onResize = () => setViewport(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return {
    layout,
    viewport,
    resizeBy: useCallback((name, delta) => setLayout((l) => resize(l, name, delta)), []),
    setSize: useCallback((name, size) => setLayout((l) => setSize(l, name, size)), []),
    toggle: useCallback((name) => setLayout((l) => toggle(l, name)), []),
  };
}
