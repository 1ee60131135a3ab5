import { useModalDialog } from '../canvas/useModalDialog.ts';
import type { ImportChoice } from './useGraphSession.ts';

/**
 * Asked when an imported file's graph name is taken (typically your own export, brought back):
 * replace that graph (its id, runs and checkpoints stay) or add the file as a copy named "<name> (2)".
 * Escape or Cancel imports nothing.
 */
export function ImportChoiceDialog({ choice, onChoose }: { choice: ImportChoice | null; onChoose(mode: 'copy' | 'replace' | null): void }) {
  const ref = useModalDialog(choice !== null);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="import-choice-title" onClose={() => onChoose(null)} data-testid="import-choice">
      {choice && (
        <>
          <div className="dialog-head">
            <h2 id="import-choice-title">A graph named “{choice.existing.name}” exists</h2>
          </div>
          <p>
            {choice.fileName} holds a graph of the same name. Replace the saved graph with it (the graph keeps its id, run history and checkpoints), or add it
            as a new graph named “{choice.copyName}”?
          </p>
          <div className="dialog-actions">
            <button type="button" className="tool-button" onClick={() => onChoose('replace')} data-testid="import-replace">
              Replace “{choice.existing.name}”
            </button>
            <button type="button" className="tool-button primary" onClick={() => onChoose('copy')} data-testid="import-copy">
              Add as “{choice.copyName}”
            </button>
            <button type="button" className="tool-button" onClick={() => onChoose(null)}>
              Cancel
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
