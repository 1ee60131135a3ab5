import type { FileItem, NodeStore, RunAccess, RunDirs, SecretResolver } from '@sluice/sdk';
import type { GraphRow } from '@sluice/store';
import type { PluginRegistry } from '@sluice/engine';
import { type SourceNode, sourceNodeOf } from '../source-files/source-node.ts';
import { SourceRequestError } from '../source-files/source-request-error.ts';
import { captureRun } from './capture-run.ts';
import { PreviewError } from './preview-file.ts';

export interface SourceFileRequest {
  graph: GraphRow;
  nodeId: string;
  key: string;
  registry: PluginRegistry;
  store: NodeStore;
  secrets: SecretResolver;
  tempRoot: string;
  dirs: RunDirs;
  access: RunAccess;
  signal?: AbortSignal;
}

/**
 * One file of a graph's source node, fetched by the source plugin itself with the trigger
 * parameter `keys` (as a bucket event would name it): same folder rules, same credentials, and for
 * remote sources the same download. `dispose` removes whatever was spooled.
 */
export async function sourceFileItem(req: SourceFileRequest): Promise<{ file: FileItem; dispose(): Promise<void> }> {
  let source: SourceNode;
  try {
    source = sourceNodeOf(req.graph, req.nodeId, req.registry);
  } catch (err) {
    if (err instanceof SourceRequestError) throw new PreviewError(err.message, err.problems);
    throw err;
  }
  const captured = await captureRun(source.plugin, source.config, null, {
    nodeId: req.nodeId,
    graphId: req.graph.id,
    store: req.store,
    secrets: req.secrets,
    params: { keys: [req.key] },
    tempRoot: req.tempRoot,
    dirs: req.dirs,
    access: req.access,
    signal: req.signal,
  });
  const file = captured.items.find((i) => i.item.kind === 'file')?.item as FileItem | undefined;
  if (!file) {
    await captured.dispose();
    const why = captured.warnings.length ? `: ${captured.warnings.join('; ')}` : '';
    throw new PreviewError(`key: source "${req.nodeId}" gave no file for "${req.key}"${why}`, [{ path: ['key'], message: `no file "${req.key}" in source "${req.nodeId}"${why}` }]);
  }
  return { file, dispose: captured.dispose };
}
