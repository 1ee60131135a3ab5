import type { AnyNodePlugin } from './node-plugin.ts';

/** A plugin known to declare the optional member `F` (a facet such as `detect`). */
export type PluginWithFacet<F extends keyof AnyNodePlugin> = AnyNodePlugin & { [K in F]-?: NonNullable<AnyNodePlugin[K]> };

/**
 * The installed plugins, read-only, as a node or the host sees them: found by what they can do (a
 * facet), never by type name. It is how parse-auto finds every parser that detects its format,
 * a third-party one included. Handed in the run scope like everything else.
 */
export interface PluginCatalog {
  /** Every installed plugin that declares `facet`, ordered by type (a stable order for ties). */
  withFacet<F extends keyof AnyNodePlugin>(facet: F): PluginWithFacet<F>[];
}

/** A catalog of the given plugins (the registry offers one; tests and hand-made scopes use this). */
export function pluginCatalog(plugins: Iterable<AnyNodePlugin>): PluginCatalog {
  const sorted = [...plugins].sort((a, b) => a.type.localeCompare(b.type));
  return {
    withFacet: <F extends keyof AnyNodePlugin>(facet: F) => sorted.filter((p): p is PluginWithFacet<F> => p[facet] !== undefined),
  };
}
