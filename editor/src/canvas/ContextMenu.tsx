import { useEffect, useRef } from 'react';
import type { MenuAction, MenuItem } from './context-menu-items.ts';

interface Props {
  at: { x: number; y: number };
  items: MenuItem[];
  onPick(action: MenuAction): void;
  onClose(): void;
}

/** A context menu at a point of the page: arrow keys move, Enter picks, Escape or a click outside closes. */
export function ContextMenu({ at, items, onPick, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away, true);
    return () => window.removeEventListener('mousedown', away, true);
  }, [onClose]);
  if (!items.length) return null;
  const move = (e: React.KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to = (n: number) => buttons[(n + buttons.length) % buttons.length]?.focus();
    if (e.key === 'ArrowDown') to(i + 1);
    else if (e.key === 'ArrowUp') to(i - 1);
    else if (e.key === 'Home') to(0);
    else if (e.key === 'End') to(buttons.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  // Kept inside the window: a menu opened near the right or bottom edge opens leftward or upward.
  const left = Math.min(at.x, window.innerWidth - 240);
  const top = Math.min(at.y, window.innerHeight - 40 - items.length * 32);
  return (
    <div ref={ref} className="context-menu" role="menu" aria-label="Canvas actions" style={{ left, top }} onKeyDown={move} data-testid="context-menu">
      {items.map((item) => (
        <button
          key={item.action}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="context-menu-item"
          onClick={() => {
            onClose();
            onPick(item.action);
          }}
        >
          <span>{item.label}</span>
          {item.keys && <kbd>{item.keys}</kbd>}
        </button>
      ))}
    </div>
  );
}
