import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RunAccess } from '@sluice/sdk';
import type { PluginRegistry } from '@sluice/engine';
import { secretResolver } from '@sluice/store';
import type { Store } from '@sluice/store';
import { localFileItem } from './local-file-item.ts';
import { PreviewError, previewFile, type PreviewResult } from './preview-file.ts';
import { previewSourceFile } from './preview-source-file.ts';

/** What a preview is asked for: an uploaded sample file, or a file of a graph's source node. */
export type PreviewRequest = { type?: string; config?: unknown; rows?: number } & (
  | { upload: { name: string; bytes: Uint8Array } }
  | { graphId: string; nodeId: string; key: string }
);

/**
 * Serves a preview for the API: an upload is written to a private folder and previewed like a file
 * on this machine; a file of a graph's source is previewed through the graph (previewSourceFile).
 */
export async function runPreview(
  req: PreviewRequest,
  deps: { store: Store; registry: PluginRegistry; access: RunAccess; signal?: AbortSignal },
): Promise<PreviewResult> {
  const { store, registry } = deps;
  const tempRoot = join(store.dataDir, 'tmp');
  const secrets = secretResolver(store.credentials);
  const asked = { type: req.type, config: req.config, rows: req.rows, registry, secrets, tempRoot, signal: deps.signal };
  if ('upload' in req) {
    const dir = join(tempRoot, `upload-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    try {
      const name = req.upload.name.replace(/[\\/]/g, '_').replace(/^\.+/, '') || 'sample';
      await writeFile(join(dir, name), req.upload.bytes);
      return await previewFile(await localFileItem(join(dir, name), 'preview', name), { ...asked, store: store.nodeStore('preview') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const graph = await store.graphs.get(req.graphId);
  if (!graph) throw new PreviewError(`graphId: no graph "${req.graphId}"`, [{ path: ['graphId'], message: `no graph "${req.graphId}"` }]);
  return previewSourceFile({
    ...asked,
    graph,
    nodeId: req.nodeId,
    key: req.key,
    store: store.nodeStore(graph.id),
    dirs: { data: store.dataDir, graph: graph.baseDir ?? store.dataDir },
    access: deps.access,
  });
}
