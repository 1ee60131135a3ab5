import type { DocumentHead } from '../canvas/flow-model.ts';

/** Settings stored with the graph document (not per node). */
export function GraphSettings({ head, graphId, onChange }: { head: DocumentHead; graphId: string; onChange(patch: Partial<DocumentHead>): void }) {
  return (
    <div className="graph-settings">
      <div className="field">
        <label className="field-label" htmlFor="graph-description">
          Description
        </label>
        <textarea id="graph-description" rows={3} value={head.description ?? ''} onChange={(e) => onChange({ description: e.target.value || undefined })} />
      </div>
      <div className="field field-inline">
        <label className="field-label" htmlFor="graph-stop">
          Stop the run at the first failing file
        </label>
        <input
          id="graph-stop"
          type="checkbox"
          className="toggle"
          checked={head.settings?.stopOnError === true}
          onChange={(e) => onChange({ settings: { ...head.settings, stopOnError: e.target.checked || undefined } })}
        />
        <p className="field-help">Otherwise a failing file is recorded with its error and the others go on.</p>
      </div>
      <p className="muted">
        Graph id <span className="mono">{graphId}</span>
      </p>
    </div>
  );
}
