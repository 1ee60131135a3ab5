import { useRef } from 'react';
import { LIMITS, type PanelName } from './panel-layout.ts';

const STEP = 16;
const BIG_STEP = 64;

interface Props {
  name: PanelName;
  /** What the splitter resizes, for screen readers: "the sidebar". */
  label: string;
  /** The id of the element it resizes. */
  controls: string;
  size: number;
  collapsed: boolean;
  /** Which way a positive pointer move grows the panel: the sidebar grows rightwards, the others away from the canvas. */
  grows: 'right' | 'left' | 'up';
  onResize(delta: number): void;
  onSize(size: number): void;
  onToggle(): void;
}

/**
 * A drag handle between a panel and the canvas: drag it, or focus it and use the arrow keys
 * (Shift for bigger steps, Home/End for the limits); Enter collapses or opens the panel.
 */
export function Splitter({ name, label, controls, size, collapsed, grows, onResize, onSize, onToggle }: Props) {
  const start = useRef<{ at: number; size: number } | null>(null);
  const vertical = grows !== 'up';
  const sign = grows === 'right' ? 1 : -1;
  const pointerAt = (e: React.PointerEvent) => (vertical ? e.clientX : e.clientY);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    const grow: Record<string, number> = vertical ? { ArrowRight: sign, ArrowLeft: -sign } : { ArrowUp: 1, ArrowDown: -1 };
    const dir = grow[e.key];
    if (dir !== undefined && !collapsed) onResize(dir * step);
    else if (e.key === 'Home' && !collapsed) onSize(LIMITS[name].min);
    else if (e.key === 'End' && !collapsed) onSize(LIMITS[name].max);
    else if (e.key === 'Enter' || e.key === ' ') onToggle();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={`Resize ${label} (arrow keys; Enter to ${collapsed ? 'open' : 'collapse'})`}
      aria-controls={controls}
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-valuenow={collapsed ? 0 : size}
      aria-valuemin={LIMITS[name].min}
      aria-valuemax={LIMITS[name].max}
      className={`splitter splitter-${vertical ? 'vertical' : 'horizontal'} splitter-${name}`}
      data-testid={`splitter-${name}`}
      onKeyDown={onKeyDown}
      onDoubleClick={onToggle}
      onPointerDown={(e) => {
        if (collapsed || e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { at: pointerAt(e), size };
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        const moved = pointerAt(e) - start.current.at;
        onSize(start.current.size + (grows === 'right' ? moved : -moved));
      }}
      onPointerUp={() => {
        start.current = null;
      }}
      onPointerCancel={() => {
        start.current = null;
      }}
    />
  );
}
