import type { NodeStore, RunAccess, RunDirs, SecretResolver } from '@sluice/sdk';
import type { GraphRow } from '@sluice/store';
import type { PluginRegistry } from '@sluice/engine';
import { sourceNodeOf } from '../source-files/source-node.ts';
import { SourceRequestError } from '../source-files/source-request-error.ts';
import { PreviewError } from './preview-error.ts';
import { defaultPreviewType, parseStep, previewRows } from './preview-file.ts';
import { sourceGraph } from './preview-graph.ts';
import { previewTable, type PreviewResult } from './preview-table.ts';

export interface SourceFilePreview {
  graph: GraphRow;
  nodeId: string;
  key: string;
  /** The parse type; default: the graph's first parse node after the source (with its config), else defaultPreviewType. */
  type?: string;
  config?: unknown;
  rows?: number;
  registry: PluginRegistry;
  store: NodeStore;
  secrets: SecretResolver;
  tempRoot: string;
  dirs: RunDirs;
  access: RunAccess;
  signal?: AbortSignal;
}

/**
 * One file of a graph's source node, previewed as the graph would parse it: the graph from the
 * source up to its first parse node runs, the source fetching the file itself with the trigger
 * parameter `keys` (as a bucket event would name it): same folder rules, same credentials, and for
 * remote sources the same download, read before the source is closed.
 */
export async function previewSourceFile(req: SourceFilePreview): Promise<PreviewResult> {
  try {
    sourceNodeOf(req.graph, req.nodeId, req.registry);
  } catch (err) {
    if (err instanceof SourceRequestError) throw new PreviewError(err.message, err.problems);
    throw err;
  }
  const { doc } = req.registry.upgrade(req.graph.document);
  // The asked type with the asked config, else the graph's parse node with its own config (unless one is asked).
  const chosen = (found?: { type: string; config: unknown }) =>
    req.type || !found
      ? parseStep(req.registry, req.type ?? defaultPreviewType(req.registry), req.config)
      : parseStep(req.registry, found.type, req.config ?? found.config);
  return previewTable(sourceGraph(doc, req.nodeId, req.registry, chosen), {
    plugin: (type) => req.registry.get(type),
    limit: previewRows(req.rows),
    label: req.key,
    plugins: req.registry,
    pluginModule: (type) => req.registry.moduleOf(type),
    store: req.store,
    secrets: req.secrets,
    tempRoot: req.tempRoot,
    params: { keys: [req.key] },
    dirs: req.dirs,
    access: req.access,
    ...(req.signal ? { signal: req.signal } : {}),
    noFile: (warnings) => {
      const why = warnings.length ? `: ${warnings.join('; ')}` : '';
      return new PreviewError(`key: source "${req.nodeId}" gave no file for "${req.key}"${why}`, [
        { path: ['key'], message: `no file "${req.key}" in source "${req.nodeId}"${why}` },
      ]);
    },
  });
}
