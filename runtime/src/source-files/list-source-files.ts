import { join } from 'node:path';
import type { FileItem, RunAccess } from '@sluice/sdk';
import type { GraphRow } from '@sluice/store';
import type { PluginRegistry } from '@sluice/engine';
import { captureRun } from '../preview/capture-run.ts';
import { secretResolver } from '@sluice/store';
import type { Store } from '@sluice/store';
import { sourceNodeOf } from './source-node.ts';
import { SourceRequestError } from './source-request-error.ts';

export interface SourceListing {
  items: { key: string; size: number; modifiedAt: string }[];
  /** The source had more files than `limit`. */
  truncated: boolean;
  warnings: string[];
}

/**
 * The files a source node would emit now, listed by the source plugin's own `run` (same folder or
 * bucket, patterns, credentials and watermark), stopped after `limit` files. Nothing is read or
 * processed, and the source is closed as cancelled, so the listing moves no watermark.
 */
export async function listSourceFiles(
  graph: GraphRow,
  nodeId: string,
  limit: number,
  deps: { store: Store; registry: PluginRegistry; access: RunAccess; signal?: AbortSignal },
): Promise<SourceListing> {
  const { store, registry } = deps;
  const source = sourceNodeOf(graph, nodeId, registry);
  let captured: Awaited<ReturnType<typeof captureRun>>;
  try {
    captured = await captureRun(source.plugin, source.config, null, {
      nodeId,
      graphId: graph.id,
      store: store.nodeStore(graph.id),
      secrets: secretResolver(store.credentials),
      tempRoot: join(store.dataDir, 'tmp'),
      dirs: { data: store.dataDir, graph: graph.baseDir ?? store.dataDir },
      access: deps.access,
      signal: deps.signal,
      limit,
    });
  } catch (err) {
    throw new SourceRequestError(422, 'nodeId', `source "${nodeId}" (${source.type}) cannot list its files: ${(err as Error).message}`);
  }
  await captured.dispose();
  const items = captured.items
    .filter((i): i is { port: string; item: FileItem } => i.item.kind === 'file')
    .map(({ item }) => ({ key: item.origin.key, size: item.origin.size, modifiedAt: item.origin.modifiedAt.toISOString() }));
  return { items, truncated: captured.truncated ?? false, warnings: captured.warnings };
}
