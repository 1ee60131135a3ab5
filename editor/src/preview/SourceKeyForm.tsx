import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext.ts';

/**
 * Names a file of the upstream source to preview instead of an upload: typed, or picked from the
 * files the saved source lists now (offered as suggestions when the runtime has the listing route).
 */
export function SourceKeyForm({ graphId, sourceId, enabled, onKey }: { graphId: string | null; sourceId: string; enabled: boolean; onKey(key: string): void }) {
  const api = useApi();
  const [key, setKey] = useState('');
  const [keys, setKeys] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    setKeys([]);
    if (!enabled || !graphId) return;
    void (async () => {
      if (!(await api.hasRoute('GET', '/api/graphs/{id}/nodes/{nodeId}/files'))) return;
      // A source that cannot list (a folder outside the allowed roots...) leaves typing by hand.
      const files = await api.sourceFiles(graphId, sourceId).catch(() => []);
      if (live) setKeys(files.map((f) => f.key));
    })();
    return () => {
      live = false;
    };
  }, [api, graphId, sourceId, enabled]);
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
        <input
          id="preview-key"
          type="text"
          list="preview-keys"
          placeholder="key, e.g. orders-01.csv.gz"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          disabled={!enabled}
        />
        <datalist id="preview-keys" data-testid="preview-keys">
          {keys.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        <button type="submit" className="tool-button" disabled={!enabled || !key.trim()}>
          Preview
        </button>
      </div>
      {!enabled && <p className="field-help">Save the graph first: the runtime reads the file through the saved source.</p>}
    </form>
  );
}
