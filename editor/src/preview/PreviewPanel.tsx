import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../api/ApiContext.ts';
import type { PreviewResult } from '../api/api-types.ts';
import type { SluiceFlowNode } from '../canvas/flow-model.ts';
import { Icon } from '../palette/Icon.tsx';
import { validateConfig } from '../inspector/validate-config.ts';
import { PreviewTable } from './PreviewTable.tsx';

const DEBOUNCE_MS = 400;

/**
 * For a parse node: upload a sample file and see what the node makes of it (format, schema, the
 * first rows), parsed again by the runtime whenever the node's options change.
 */
export function PreviewPanel({ node, configSchema }: { node: SluiceFlowNode; configSchema?: Record<string, unknown> }) {
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const request = useRef(0);
  const config = node.data.config;
  // A config the schema refuses is not sent: the runtime would only answer 400 with the same problem.
  const invalid = useMemo(() => {
    const errors = configSchema ? validateConfig(configSchema, config) : {};
    const first = Object.entries(errors)[0];
    return first ? `${first[0] || 'settings'}: ${first[1]}` : null;
  }, [configSchema, config]);

  useEffect(() => {
    if (!file || invalid) return;
    const mine = ++request.current;
    const timer = setTimeout(async () => {
      setBusy(true);
      const form = new FormData();
      form.set('file', file, file.name);
      form.set('type', node.data.type);
      form.set('config', JSON.stringify(config));
      form.set('rows', '100');
      try {
        const r = await api.preview(form);
        if (mine === request.current) {
          setResult({ ...r, schema: r.schema ?? [], rows: r.rows ?? [] });
          setError(null);
        }
      } catch (e) {
        if (mine === request.current) {
          setError((e as Error).message);
          setResult(null);
        }
      } finally {
        if (mine === request.current) setBusy(false);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, file, config, invalid, node.data.type]);

  return (
    <div className="preview-panel" data-testid="preview-panel">
      <label className="file-drop">
        <Icon name="upload" size={16} />
        <span>{file ? `${file.name} (${Math.round(file.size / 1024)} KB): choose another` : 'Choose a sample file to preview'}</span>
        <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      {!file && <p className="empty-state">The sample is parsed with this node's current settings; change them and the preview follows.</p>}
      {file && invalid && <p className="field-error">Fix the settings to preview: {invalid}</p>}
      {busy && <p className="muted">Parsing…</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <div className="preview-meta">
            {result.format && (
              <span className="chip">
                format <b>{result.format}</b>
              </span>
            )}
            <span className="chip">
              <b>{result.schema.length}</b> columns
            </span>
            <span className="chip">
              first <b>{result.rows.length}</b> rows
            </span>
          </div>
          {result.metadata && Object.keys(result.metadata).length > 0 && (
            <details className="preview-details">
              <summary>What the parser detected</summary>
              <dl>
                {Object.entries(result.metadata).map(([k, v]) => (
                  <Fragment key={k}>
                    <dt>{k}</dt>
                    <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
                  </Fragment>
                ))}
              </dl>
            </details>
          )}
          {(result.warnings ?? []).map((w, i) => (
            <p key={i} className="warn-text">
              {w}
            </p>
          ))}
          <PreviewTable result={result} />
        </>
      )}
    </div>
  );
}
