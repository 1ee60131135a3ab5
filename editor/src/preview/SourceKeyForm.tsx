import { useState } from 'react';

/** Names a file of the upstream source (its key, as in the run log) to preview instead of an upload. */
export function SourceKeyForm({ sourceId, enabled, onKey }: { sourceId: string; enabled: boolean; onKey(key: string): void }) {
  const [key, setKey] = useState('');
  return (
    <form
      className="source-key-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) onKey(key.trim());
      }}
    >
      <label className="field-label" htmlFor="preview-key">
        Or a file of <span className="mono">{sourceId}</span>
      </label>
      <div className="inline-row">
        <input id="preview-key" type="text" placeholder="key, e.g. orders-01.csv.gz" value={key} onChange={(e) => setKey(e.target.value)} disabled={!enabled} />
        <button type="submit" className="tool-button" disabled={!enabled || !key.trim()}>
          Preview
        </button>
      </div>
      {!enabled && <p className="field-help">Save the graph first: the runtime reads the file through the saved source.</p>}
    </form>
  );
}
