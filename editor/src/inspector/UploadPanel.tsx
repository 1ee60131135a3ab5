import { useState } from 'react';
import { Icon } from '../palette/Icon.tsx';
import { formatBytes } from '../runs/format.ts';
import type { Uploads } from './useUploads.ts';

interface Props {
  graphId: string | null;
  nodeId: string;
  saved: boolean;
  uploads: Uploads;
}

/** Puts files into a source node's landing folder (or bucket) through the runtime, for manual uploads. */
export function UploadPanel({ graphId, nodeId, saved, uploads }: Props) {
  const [over, setOver] = useState(false);
  const send = (files: FileList | null) => {
    if (graphId && files?.length) void uploads.send(graphId, nodeId, Array.from(files));
  };
  if (uploads.available === false) {
    return <p className="empty-state">This runtime has no upload endpoint yet: put files into the source's folder or bucket directly, then run.</p>;
  }
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
        <span>Drop files here (or on the node in the canvas), or choose them; then run the graph</span>
        <input type="file" multiple onChange={(e) => send(e.target.files)} />
      </label>
      {uploads.entries
        .filter((u) => u.nodeId === nodeId)
        .map((u) => (
          <div className="upload-row" key={u.id}>
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
