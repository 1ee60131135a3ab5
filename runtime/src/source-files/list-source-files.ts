import { join } from 'node:path';
import { errorMessage, type RunAccess } from '@sluice/sdk';
import type { GraphRow } from '@sluice/store';
import type { PluginRegistry } from '@sluice/engine';
import { tapRun } from '../preview/tap-run.ts';
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
 * The files a source node would emit now, listed by the source plugin's own `run` through the
 * executor (same folder or bucket, patterns, credentials and watermark), stopped after `limit`
 * files. Nothing is read or processed, and the run writes nothing, so the listing moves no watermark.
 */
export async function listSourceFiles(
  graph: GraphRow,
  nodeId: string,
  limit: number,
  deps: { store: Store; registry: PluginRegistry; access: RunAccess; signal?: AbortSignal },
): Promise<SourceListing> {
  const { store, registry } = deps;
  const source = sourceNodeOf(graph, nodeId, registry);
  const items: SourceListing['items'] = [];
  let truncated = false;
  const doc = { ...graph.document, nodes: { [nodeId]: graph.document.nodes[nodeId]! }, edges: [] };
  const run = await tapRun(
    doc,
    (type) => registry.get(type),
    {
      node: nodeId,
      async emitted({ item }) {
        if (item.kind !== 'file') return 'more';
        if (items.length >= limit) {
          truncated = true;
          return 'enough';
        }
        items.push({ key: item.origin.key, size: item.origin.size, modifiedAt: item.origin.modifiedAt.toISOString() });
        return 'more';
      },
    },
    {
      plugins: registry,
      pluginModule: (type) => registry.moduleOf(type),
      store: store.nodeStore(graph.id),
      secrets: secretResolver(store.credentials),
      tempRoot: join(store.dataDir, 'tmp'),
      dirs: { data: store.dataDir, graph: graph.baseDir ?? store.dataDir },
      access: deps.access,
      ...(deps.signal ? { signal: deps.signal } : {}),
    },
  );
  if (run.failure) throw new SourceRequestError(422, 'nodeId', `source "${nodeId}" (${source.type}) cannot list its files: ${errorMessage(run.failure.error)}`);
  return { items, truncated, warnings: run.warnings };
}
