import type { CanvasCommands } from './useCanvasCommands.ts';

/** What a shortcut can do: a canvas command, or one of the editor's own actions. */
export type ShortcutAction = Exclude<keyof CanvasCommands, 'addNode' | 'copyText' | 'pasteText' | 'grabGroup' | 'reveal'> | 'save' | 'showShortcuts';

/**
 * One shortcut. `key` is KeyboardEvent.key, lower-cased; `mod` is Ctrl (or ⌘ on a Mac); `shift`,
 * when given, must match (otherwise Shift is ignored: '?' is Shift+/ on many layouts). An entry
 * without `key` is a pointer gesture, listed in the dialog only.
 */
export interface Shortcut {
  keys: string;
  does: string;
  key?: string;
  mod?: boolean;
  shift?: boolean;
  action?: ShortcutAction;
  /** Also while typing in a field (Ctrl+S saves from anywhere). */
  inFields?: boolean;
}

/** Every shortcut of the editor: the key handler and the shortcut dialog both read this one list. */
export const SHORTCUTS: Shortcut[] = [
  { keys: 'Ctrl+S', does: 'Save', key: 's', mod: true, action: 'save', inFields: true },
  { keys: 'Ctrl+Z', does: 'Undo', key: 'z', mod: true, shift: false, action: 'undo' },
  { keys: 'Ctrl+Shift+Z', does: 'Redo', key: 'z', mod: true, shift: true, action: 'redo' },
  { keys: 'Ctrl+Y', does: 'Redo', key: 'y', mod: true, action: 'redo' },
  // Copy, cut and paste are the browser's clipboard events (useSystemClipboard), listed here only.
  { keys: 'Ctrl+C', does: 'Copy the selection (as graph JSON, to any program)' },
  { keys: 'Ctrl+X', does: 'Cut the selection' },
  { keys: 'Ctrl+V', does: 'Paste nodes, or graph JSON copied from a text editor' },
  { keys: 'Ctrl+D', does: 'Duplicate the selection', key: 'd', mod: true, action: 'duplicate' },
  { keys: 'Ctrl+A', does: 'Select all nodes', key: 'a', mod: true, action: 'selectAll' },
  { keys: 'Ctrl+F', does: 'Find a node by name, type or id', key: 'f', mod: true, action: 'find' },
  { keys: 'Ctrl+E', does: 'Disable or enable the selected nodes', key: 'e', mod: true, action: 'toggleDisabled' },
  { keys: 'Shift+F10 / Menu key', does: 'Open the context menu of the selection' },
  { keys: 'Right click', does: 'Context menu of a node, wire or the canvas' },
  { keys: 'Delete', does: 'Delete the selection', key: 'delete', action: 'deleteSelected' },
  { keys: 'Backspace', does: 'Delete the selection', key: 'backspace', action: 'deleteSelected' },
  { keys: 'L', does: 'Auto layout', key: 'l', action: 'layout' },
  { keys: 'F', does: 'Fit the graph in view', key: 'f', action: 'fit' },
  { keys: '?', does: 'Show these shortcuts', key: '?', action: 'showShortcuts' },
  { keys: 'Shift+drag', does: 'Select nodes in a box' },
];

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The shortcut a key press means, or none; `inField`: the press was typed into an input. */
export function shortcutFor(e: KeyPress, inField: boolean, list: Shortcut[] = SHORTCUTS): Shortcut | undefined {
  if (e.altKey) return undefined;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  return list.find((s) => s.key === key && !!s.mod === mod && (s.shift === undefined || s.shift === e.shiftKey) && (!inField || s.inFields));
}
