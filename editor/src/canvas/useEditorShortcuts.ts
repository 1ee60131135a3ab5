import { useEffect } from 'react';
import type { CanvasCommands } from './useCanvasCommands.ts';

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** What the keyboard does on the canvas; listed in the toolbar's help. */
export const SHORTCUTS: [string, string][] = [
  ['Ctrl+S', 'Save'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'Undo / redo'],
  ['Ctrl+C / Ctrl+X / Ctrl+V', 'Copy / cut / paste'],
  ['Ctrl+D', 'Duplicate'],
  ['Ctrl+A', 'Select all'],
  ['Delete', 'Delete selection'],
  ['Shift+drag', 'Box select'],
  ['L / F', 'Auto layout / fit view'],
];

export function useEditorShortcuts(commands: CanvasCommands, save: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        save();
        return;
      }
      if (typingInField(e.target)) return;
      const run = (f: () => unknown) => {
        e.preventDefault();
        f();
      };
      if (mod && key === 'z') return run(e.shiftKey ? commands.redo : commands.undo);
      if (mod && key === 'y') return run(commands.redo);
      if (mod && key === 'c') return run(commands.copy);
      if (mod && key === 'x') return run(commands.cut);
      if (mod && key === 'v') return run(commands.paste);
      if (mod && key === 'd') return run(commands.duplicate);
      if (mod && key === 'a') return run(commands.selectAll);
      if (!mod && (key === 'delete' || key === 'backspace')) return run(commands.deleteSelected);
      if (!mod && !e.altKey && key === 'l') return run(commands.layout);
      if (!mod && !e.altKey && key === 'f') return run(commands.fit);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands, save]);
}
