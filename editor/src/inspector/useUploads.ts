import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from '../api/api-client.ts';

export interface UploadEntry {
  id: number;
  nodeId: string;
  name: string;
  size: number;
  sent: number;
  status: 'sending' | 'done' | 'failed';
  message?: string;
}

export const UPLOAD_ROUTE = '/api/graphs/{id}/nodes/{nodeId}/upload';

/**
 * Files going into source nodes' landing places, one after the other, with progress. Shared by the
 * Upload tab and drops on a source node of the canvas. `available` is false when the runtime has
 * no upload route (looked up in its OpenAPI document).
 */
export function useUploads(api: Api) {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const [available, setAvailable] = useState<boolean | null>(null);
  const nextId = useRef(1);
  useEffect(() => {
    api.hasRoute('POST', UPLOAD_ROUTE).then(setAvailable);
  }, [api]);

  const send = useCallback(
    async (graphId: string, nodeId: string, files: File[]): Promise<{ done: number; failed: string[] }> => {
      const result = { done: 0, failed: [] as string[] };
      for (const file of files) {
        const id = nextId.current++;
        const patch = (p: Partial<UploadEntry>) => setEntries((all) => all.map((e) => (e.id === id ? { ...e, ...p } : e)));
        setEntries((all) => [{ id, nodeId, name: file.name, size: file.size, sent: 0, status: 'sending' as const }, ...all].slice(0, 50));
        try {
          await api.upload(graphId, nodeId, file, (sent) => patch({ sent }));
          patch({ status: 'done', sent: file.size });
          result.done++;
        } catch (e) {
          patch({ status: 'failed', message: (e as Error).message });
          result.failed.push(`${file.name}: ${(e as Error).message}`);
        }
      }
      return result;
    },
    [api],
  );

  return { entries, available, send };
}

export type Uploads = ReturnType<typeof useUploads>;
