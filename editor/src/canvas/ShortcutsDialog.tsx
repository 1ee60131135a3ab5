import { SHORTCUTS } from './editor-shortcuts.ts';
import { useModalDialog } from './useModalDialog.ts';

/** The keyboard shortcuts, read from the same list the key handler uses; Escape or Close ends it. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useModalDialog(open);
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <dialog ref={ref} className="dialog shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-dialog">
      <div className="dialog-head">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" className="tool-button" onClick={onClose}>
          Close
        </button>
      </div>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{mac ? s.keys.replace('Ctrl+', '⌘') : s.keys}</kbd>
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Keys act on the canvas, not while you type in a field (Ctrl+S saves from anywhere).</p>
    </dialog>
  );
}
