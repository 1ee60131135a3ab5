import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext.ts';
import { Icon } from '../palette/Icon.tsx';
import { formatBytes } from '../runs/format.ts';

interface Upload {
  name: string;
  size: number;
  sent: number;
  status: 'sending' | 'done' | 'failed';
  message?: string;
}

/**
 * Puts files into a source node's landing folder (or bucket) through the runtime, for manual
 * uploads. XMLHttpRequest rather than fetch: it reports upload progress for large files.
 */
export function UploadPanel({ graphId, nodeId, saved }: { graphId: string | null; nodeId: string; saved: boolean }) {
  const api = useApi();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    api.hasRoute('POST', '/api/graphs/{id}/nodes/{nodeId}/upload').then(setAvailable);
  }, [api]);

  const send = (files: FileList | File[]) => {
    if (!graphId) return;
    for (const file of Array.from(files)) {
      const entry: Upload = { name: file.name, size: file.size, sent: 0, status: 'sending' };
      setUploads((u) => [entry, ...u]);
      const patch = (p: Partial<Upload>) => setUploads((u) => u.map((x) => (x === entry ? Object.assign(entry, p) && { ...entry } : x)));
      const xhr = new XMLHttpRequest();
      xhr.open('POST', api.uploadUrl(graphId, nodeId));
      xhr.upload.onprogress = (e) => patch({ sent: e.loaded });
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) patch({ status: 'done', sent: file.size });
        else if (xhr.status === 404 || xhr.status === 405) patch({ status: 'failed', message: 'this runtime has no upload endpoint for source nodes yet' });
        else patch({ status: 'failed', message: xhr.responseText.slice(0, 300) || `HTTP ${xhr.status}` });
      };
      xhr.onerror = () => patch({ status: 'failed', message: 'the runtime could not be reached' });
      const form = new FormData();
      form.set('file', file, file.name);
      xhr.send(form);
    }
  };

  if (available === false) return <p className="empty-state">This runtime has no upload endpoint yet: put files into the source's folder or bucket directly, then run.</p>;
  if (!graphId || !saved) return <p className="empty-state">Save the graph first: files are uploaded into the landing place of the saved source node.</p>;
  return (
    <div className="upload-panel">
      <label
        className={`file-drop ${over ? 'over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          send(e.dataTransfer.files);
        }}
      >
        <Icon name="upload" size={16} />
        <span>Drop files here or choose them, then run the graph</span>
        <input type="file" multiple onChange={(e) => e.target.files && send(e.target.files)} />
      </label>
      {uploads.map((u, i) => (
        <div className="upload-row" key={i}>
          <span className="upload-name">{u.name}</span>
          <span className="muted">{formatBytes(u.size)}</span>
          {u.status === 'sending' && (
            <div className="progress">
              <div style={{ width: `${u.size ? (100 * u.sent) / u.size : 100}%` }} />
            </div>
          )}
          {u.status === 'done' && <span className="ok-text">uploaded</span>}
          {u.status === 'failed' && <span className="error-text">failed: {u.message}</span>}
        </div>
      ))}
    </div>
  );
}
