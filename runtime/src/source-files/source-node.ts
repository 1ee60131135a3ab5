import { type AnyNodePlugin, formatProblems, zodProblems } from '@sluice/sdk';
import type { GraphRow } from '@sluice/store';
import type { PluginRegistry } from '@sluice/engine';
import { SourceRequestError } from './source-request-error.ts';

export interface SourceNode {
  id: string;
  type: string;
  plugin: AnyNodePlugin;
  /** The node's config as the plugin's schema parsed it (defaults filled), as a run gets it. */
  config: unknown;
}

/**
 * A source node of a stored graph with its parsed config, as a run would see it (the document
 * upgraded to the installed plugin versions first). 404 for a missing node, 422 for a node that is
 * not an installed source or whose config its plugin refuses.
 */
export function sourceNodeOf(graph: GraphRow, nodeId: string, registry: PluginRegistry): SourceNode {
  const { doc } = registry.upgrade(graph.document);
  const node = doc.nodes[nodeId];
  if (!node) throw new SourceRequestError(404, 'nodeId', `no node "${nodeId}" in graph "${graph.id}"`);
  const plugin = registry.get(node.type);
  if (!plugin || plugin.category !== 'source') throw new SourceRequestError(422, 'nodeId', `node "${nodeId}" (${node.type}) is not an installed source node`);
  const parsed = plugin.config.safeParse(node.config);
  if (!parsed.success)
    throw new SourceRequestError(422, 'nodeId', `node "${nodeId}" (${node.type}) has an invalid config: ${formatProblems(zodProblems(parsed.error))}`);
  return { id: nodeId, type: node.type, plugin, config: parsed.data };
}
