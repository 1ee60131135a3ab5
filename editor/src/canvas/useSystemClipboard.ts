import { useEffect, useRef } from 'react';
import type { CanvasCommands } from './useCanvasCommands.ts';

/** Whether the event belongs to a text field or a text selection, which keep their own copy and paste. */
function textAtWork(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest?.('dialog'))) return true;
  const sel = window.getSelection();
  return !!sel && !sel.isCollapsed && sel.toString().length > 0;
}

/**
 * Ctrl+C, Ctrl+X and Ctrl+V on the canvas through the system clipboard, in the graph file format:
 * copied nodes paste into a text editor as JSON, and JSON copied from one pastes back as nodes.
 * Handled as copy and paste events (not key presses), which the browser allows without a prompt.
 */
export function useSystemClipboard(commands: Pick<CanvasCommands, 'copyText' | 'pasteText' | 'deleteSelected'>, enabled: boolean) {
  const latest = useRef(commands);
  latest.current = commands;
  useEffect(() => {
    if (!enabled) return;
    const onCopy = (cut: boolean) => (e: ClipboardEvent) => {
      if (textAtWork(e.target)) return;
      const text = latest.current.copyText();
      if (!text || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
      if (cut) latest.current.deleteSelected();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (textAtWork(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      e.preventDefault();
      latest.current.pasteText(text);
    };
    const copy = onCopy(false);
    const cut = onCopy(true);
    window.addEventListener('copy', copy);
    window.addEventListener('cut', cut);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('copy', copy);
      window.removeEventListener('cut', cut);
      window.removeEventListener('paste', onPaste);
    };
  }, [enabled]);
}
