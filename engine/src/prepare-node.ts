import type { AnyNodePlugin, GraphNode } from '@sluice/sdk';

/** A node's plugin, its config as the plugin's schema parsed it, and how many items it works on at once. */
export interface PreparedNode {
  plugin: AnyNodePlugin;
  config: unknown;
  concurrency: number;
}

/**
 * Readies one node of a graph for a run: finds its plugin, brings a config saved by an older version
 * of the type up to date (`upgradeConfig`), parses it with the plugin's schema (defaults filled) and
 * reads its concurrency. Throws naming the node when the type is unknown or the config invalid.
 */
export function prepareNode(id: string, node: GraphNode, pluginOf: (type: string) => AnyNodePlugin | undefined): PreparedNode {
  const plugin = pluginOf(node.type);
  if (!plugin) throw new Error(`node "${id}": unknown node type "${node.type}"`);
  let raw = node.config;
  if (node.typeVersion < plugin.version && plugin.upgradeConfig) raw = plugin.upgradeConfig(raw, node.typeVersion);
  const parsed = plugin.config.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new Error(`node "${id}" (${node.type}) has an invalid config: ${why}`);
  }
  const c = plugin.concurrency;
  const concurrency = Math.max(1, Math.floor(typeof c === 'function' ? c(parsed.data) : (c ?? 1)));
  return { plugin, config: parsed.data, concurrency };
}
