import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutAction } from './editor-shortcuts.ts';

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** The editor's keyboard: every key press listed in SHORTCUTS (editor-shortcuts.ts) runs its action. */
export function useEditorShortcuts(actions: Record<ShortcutAction, () => unknown>) {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dialog open (the shortcut list, a confirmation) keeps its keys.
      if (e.defaultPrevented || (e.target as HTMLElement | null)?.closest?.('dialog')) return;
      const s = shortcutFor(e, typingInField(e.target));
      if (!s?.action) return;
      e.preventDefault();
      latest.current[s.action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
