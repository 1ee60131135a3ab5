import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../api/ApiContext.ts';
import type { PreviewResult } from '../api/api-types.ts';
import type { SluiceFlowNode } from '../canvas/flow-model.ts';
import { validateConfig } from '../inspector/validate-config.ts';
import { Icon } from '../palette/Icon.tsx';
import { PreviewResultView } from './PreviewResultView.tsx';
import { SourceKeyForm } from './SourceKeyForm.tsx';

const DEBOUNCE_MS = 400;
const ROWS = 100;

type Sample = { kind: 'upload'; file: File } | { kind: 'source'; nodeId: string; key: string };

interface Props {
  node: SluiceFlowNode;
  configSchema?: Record<string, unknown>;
  graphId: string | null;
  /** The source node upstream of this one, whose files can be previewed by key. */
  sourceId: string | null;
  saved: boolean;
}

/**
 * For a parse node: a sample (an uploaded file, or a file of the upstream source) parsed by the
 * runtime with this node's settings: format, schema, first rows; parsed again as the settings change.
 */
export function PreviewPanel({ node, configSchema, graphId, sourceId, saved }: Props) {
  const api = useApi();
  const [sample, setSample] = useState<Sample | null>(null);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const request = useRef(0);
  const config = node.data.config;
  // A config the schema refuses is not sent: the runtime would only answer 400 with the same problem.
  const invalid = useMemo(() => {
    const first = Object.entries(configSchema ? validateConfig(configSchema, config) : {})[0];
    return first ? `${first[0] || 'settings'}: ${first[1]}` : null;
  }, [configSchema, config]);

  useEffect(() => {
    if (!sample || invalid) return;
    const mine = ++request.current;
    const timer = setTimeout(async () => {
      setBusy(true);
      try {
        let r: PreviewResult;
        if (sample.kind === 'upload') {
          const form = new FormData();
          form.set('file', sample.file, sample.file.name);
          form.set('type', node.data.type);
          form.set('config', JSON.stringify(config));
          form.set('rows', String(ROWS));
          r = await api.preview(form);
        } else {
          r = await api.previewSourceFile({ graphId: graphId ?? '', nodeId: sample.nodeId, key: sample.key, type: node.data.type, config, rows: ROWS });
        }
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
  }, [api, sample, config, invalid, node.data.type, graphId]);

  const chosen =
    sample?.kind === 'upload' ? `${sample.file.name} (${Math.round(sample.file.size / 1024)} KB): choose another` : 'Choose a sample file to preview';
  return (
    <div className="preview-panel" data-testid="preview-panel">
      <label className="file-drop">
        <Icon name="upload" size={16} />
        <span>{chosen}</span>
        <input type="file" onChange={(e) => e.target.files?.[0] && setSample({ kind: 'upload', file: e.target.files[0] })} />
      </label>
      {sourceId && (
        <SourceKeyForm
          graphId={graphId}
          sourceId={sourceId}
          enabled={saved && !!graphId}
          onKey={(key) => setSample({ kind: 'source', nodeId: sourceId, key })}
        />
      )}
      {!sample && <p className="empty-state">The sample is parsed with this node's current settings; change them and the preview follows.</p>}
      {sample?.kind === 'source' && (
        <p className="muted">
          Previewing {sample.key} from {sample.nodeId}.
        </p>
      )}
      {sample && invalid && <p className="field-error">Fix the settings to preview: {invalid}</p>}
      {busy && <p className="muted">Parsing…</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {result && <PreviewResultView result={result} />}
    </div>
  );
}
