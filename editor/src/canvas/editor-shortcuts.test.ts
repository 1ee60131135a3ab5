import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type KeyPress } from './editor-shortcuts.ts';

const press = (key: string, o: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...o });

describe('editor shortcuts', () => {
  it('maps each listed key press to its action', () => {
    expect(shortcutFor(press('s', { ctrlKey: true }), false)?.action).toBe('save');
    expect(shortcutFor(press('z', { metaKey: true }), false)?.action).toBe('undo');
    expect(shortcutFor(press('Z', { ctrlKey: true, shiftKey: true }), false)?.action).toBe('redo');
    expect(shortcutFor(press('Delete'), false)?.action).toBe('deleteSelected');
    expect(shortcutFor(press('?', { shiftKey: true }), false)?.action).toBe('showShortcuts');
    expect(shortcutFor(press('l'), false)?.action).toBe('layout');
    expect(shortcutFor(press('f', { ctrlKey: true }), false)?.action).toBe('find');
    expect(shortcutFor(press('e', { metaKey: true }), false)?.action).toBe('toggleDisabled');
  });

  it('leaves Ctrl+C, Ctrl+X and Ctrl+V to the browser, whose clipboard events carry the graph JSON', () => {
    for (const k of ['c', 'x', 'v']) expect(shortcutFor(press(k, { ctrlKey: true }), false)).toBeUndefined();
  });

  it('a plain letter is not its Ctrl shortcut, nor the reverse', () => {
    expect(shortcutFor(press('s'), false)).toBeUndefined();
    expect(shortcutFor(press('l', { ctrlKey: true }), false)).toBeUndefined();
    expect(shortcutFor(press('f', { altKey: true }), false)).toBeUndefined();
  });

  it('while typing in a field only Ctrl+S acts: Delete, letters and Ctrl+Z stay the field’s', () => {
    expect(shortcutFor(press('s', { ctrlKey: true }), true)?.action).toBe('save');
    for (const p of [press('Delete'), press('Backspace'), press('l'), press('?'), press('z', { ctrlKey: true }), press('a', { ctrlKey: true })])
      expect(shortcutFor(p, true)).toBeUndefined();
  });

  it('no two keyboard entries claim the same key press', () => {
    const seen = new Set<string>();
    for (const s of SHORTCUTS.filter((x) => x.key)) {
      for (const shift of s.shift === undefined ? [false, true] : [s.shift]) {
        const id = `${s.mod ? 'mod+' : ''}${shift ? 'shift+' : ''}${s.key}`;
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
  });
});
