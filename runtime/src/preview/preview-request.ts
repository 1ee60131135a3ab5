import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileItem, RunAccess } from '@sluice/sdk';
import type { GraphRow } from '@sluice/store';
import type { PluginRegistry } from '@sluice/engine';
import { secretResolver } from '@sluice/store';
import type { Store } from '@sluice/store';
import { localFileItem } from './local-file-item.ts';
import { PreviewError, previewFile, type PreviewResult } from './preview-file.ts';
import { sourceFileItem } from './source-file-item.ts';

/** What a preview is asked for: an uploaded sample file, or a file of a graph's source node. */
export type PreviewRequest = { type?: string; config?: unknown; rows?: number } & (
  | { upload: { name: string; bytes: Uint8Array } }
  | { graphId: string; nodeId: string; key: string }
);

/**
 * Serves a preview for the API: finds the file (upload or source), picks the parse node (the asked
 * type, else for a graph source the first parse node downstream of it with its config, else the
 * default) and runs `previewFile`.
 */
export async function runPreview(req: PreviewRequest, deps: { store: Store; registry: PluginRegistry; access: RunAccess; signal?: AbortSignal }): Promise<PreviewResult> {
  const { store, registry } = deps;
  const tempRoot = join(store.dataDir, 'tmp');
  const secrets = secretResolver(store.credentials);
  let file: FileItem;
  let dispose: () => Promise<void>;
  let type = req.type;
  let config = req.config;
  let graphId = 'preview';
  if ('upload' in req) {
    const dir = join(tempRoot, `upload-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    const name = req.upload.name.replace(/[\\/]/g, '_').replace(/^\.+/, '') || 'sample';
    await writeFile(join(dir, name), req.upload.bytes);
    file = await localFileItem(join(dir, name), 'preview', name);
    dispose = () => rm(dir, { recursive: true, force: true });
  } else {
    const graph = store.graphs.get(req.graphId);
    if (!graph) throw new PreviewError(`graphId: no graph "${req.graphId}"`, [{ path: ['graphId'], message: `no graph "${req.graphId}"` }]);
    graphId = graph.id;
    const fetched = await sourceFileItem({
      graph,
      nodeId: req.nodeId,
      key: req.key,
      registry,
      store: store.nodeStore(graph.id),
      secrets,
      tempRoot,
      dirs: { data: store.dataDir, graph: graph.baseDir ?? store.dataDir },
      access: deps.access,
      signal: deps.signal,
    });
    ({ file, dispose } = fetched);
    if (!type) {
      const parse = parseNodeAfter(graph, req.nodeId, registry);
      if (parse) ({ type, config } = { type: parse.type, config: config ?? parse.config });
    }
  }
  try {
    return await previewFile(file, { registry, type, config, rows: req.rows, store: store.nodeStore(graphId), secrets, tempRoot, signal: deps.signal });
  } finally {
    await dispose();
  }
}

/** The first parse node downstream of `nodeId` (breadth first), so a preview parses as the graph would. */
function parseNodeAfter(graph: GraphRow, nodeId: string, registry: PluginRegistry): { type: string; config: unknown } | undefined {
  const doc = graph.document;
  const seen = new Set([nodeId]);
  const queue = [nodeId];
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of doc.edges.filter((x) => x.from.node === id)) {
      if (seen.has(e.to.node)) continue;
      seen.add(e.to.node);
      const n = doc.nodes[e.to.node];
      if (n && registry.get(n.type)?.category === 'parse') return { type: n.type, config: n.config };
      queue.push(e.to.node);
    }
  }
  return undefined;
}
