import {
  type AnyNodePlugin,
  checkConfig,
  configDefaults,
  configJsonSchema,
  type GraphDocument,
  type GraphProblem,
  type NodeTypeInfo,
  type PlannableType,
  type PluginCatalog,
  type PluginWithFacet,
  withFormatOptions,
} from '@sluice/sdk';
import type { PluginModuleRef } from './plugin-module-ref.ts';
import type { PluginProblem } from './plugin-problem.ts';
import type { PluginPackage } from './read-plugin-package.ts';

export interface RegisteredPlugin {
  plugin: AnyNodePlugin;
  info: NodeTypeInfo;
  package: PluginPackage;
  /**
   * Where discovery loaded the plugin's module from: a worker thread loads it again there to run
   * its `threads`. Absent for plugins given as values (`extend`): their nodes get no `runOnThread`.
   */
  module?: PluginModuleRef;
}

/** The node types this runtime can run, and the packages it refused (with why). */
export class PluginRegistry implements PluginCatalog {
  private readonly byType: Map<string, RegisteredPlugin>;

  constructor(
    entries: RegisteredPlugin[],
    readonly problems: PluginProblem[] = [],
  ) {
    this.byType = new Map(entries.map((e) => [e.plugin.type, e]));
    // An auto parser's form shows the options of every installed parser that detects a format.
    const detectors = this.withFacet('detect');
    for (const e of entries.filter((x) => x.plugin.autoDetects)) {
      this.byType.set(e.plugin.type, { ...e, info: { ...e.info, configSchema: withFormatOptions(configJsonSchema(e.plugin.config), detectors) } });
    }
  }

  /** Builds an entry from a loaded plugin (the description the API and editor use). */
  static entry(plugin: AnyNodePlugin, pkg: PluginPackage, module?: PluginModuleRef): RegisteredPlugin {
    const info: NodeTypeInfo = {
      type: plugin.type,
      version: plugin.version,
      category: plugin.category,
      title: plugin.title,
      description: plugin.description,
      inputs: plugin.inputs,
      outputs: plugin.outputs,
      configSchema: configJsonSchema(plugin.config),
      defaults: configDefaults(plugin.config),
      package: { name: pkg.name, version: pkg.version },
    };
    if (plugin.icon) info.icon = plugin.icon;
    return { plugin, info, package: pkg, ...(module ? { module } : {}) };
  }

  /**
   * This registry plus plugins given as values (a plugin package's own tests, before the package is
   * installed); they replace installed plugins of the same type.
   */
  extend(plugins: AnyNodePlugin[], origin: { name: string; version?: string; dir?: string } = { name: '(in-process)' }): PluginRegistry {
    const pkg = (p: AnyNodePlugin): PluginPackage => ({
      name: origin.name,
      version: origin.version ?? '0.0.0',
      dir: origin.dir ?? '.',
      origin: 'builtin',
      manifest: { apiVersion: 1, nodes: { [p.type]: '.' } },
    });
    const extra = plugins.map((p) => PluginRegistry.entry(p, pkg(p)));
    const kept = [...this.byType.values()].filter((e) => !plugins.some((p) => p.type === e.plugin.type));
    return new PluginRegistry([...kept, ...extra], this.problems);
  }

  get(type: string): AnyNodePlugin | undefined {
    return this.byType.get(type)?.plugin;
  }

  /** Every plugin that declares `facet` (e.g. `detect`), ordered by type: how the host and nodes find plugins by capability. */
  withFacet<F extends keyof AnyNodePlugin>(facet: F): PluginWithFacet<F>[] {
    return [...this.byType.values()]
      .map((e) => e.plugin)
      .filter((p): p is PluginWithFacet<F> => p[facet] !== undefined)
      .sort((a, b) => a.type.localeCompare(b.type));
  }

  entryOf(type: string): RegisteredPlugin | undefined {
    return this.byType.get(type);
  }

  /** Where the module of `type` was loaded from (`RunGraphOptions.pluginModule`); undefined for a plugin given as a value. */
  moduleOf(type: string): PluginModuleRef | undefined {
    return this.byType.get(type)?.module;
  }

  list(): NodeTypeInfo[] {
    return [...this.byType.values()].map((e) => e.info).sort((a, b) => a.category.localeCompare(b.category) || a.type.localeCompare(b.type));
  }

  /** What `planGraph` needs of a type: its description and a config check. */
  plannable(type: string): PlannableType | undefined {
    const e = this.byType.get(type);
    if (!e) return undefined;
    return { info: e.info, checkConfig: (config) => checkConfig(e.plugin.config, config) };
  }

  /**
   * Brings every node saved by an older version of its type up to the installed version through the
   * plugin's `upgradeConfig`, so that planning and running see current configs. Nodes of unknown or
   * newer types are left for `planGraph` to report.
   */
  upgrade(doc: GraphDocument): { doc: GraphDocument; problems: GraphProblem[] } {
    const problems: GraphProblem[] = [];
    const nodes: GraphDocument['nodes'] = {};
    for (const [id, node] of Object.entries(doc.nodes)) {
      const plugin = this.get(node.type);
      if (!plugin || node.typeVersion >= plugin.version) {
        nodes[id] = node;
        continue;
      }
      if (!plugin.upgradeConfig) {
        nodes[id] = { ...node, typeVersion: plugin.version };
        continue;
      }
      try {
        nodes[id] = { ...node, typeVersion: plugin.version, config: plugin.upgradeConfig(node.config, node.typeVersion) };
      } catch (err) {
        nodes[id] = node;
        problems.push({
          path: ['nodes', id, 'config'],
          message: `cannot upgrade the config of node "${id}" from version ${node.typeVersion} to ${plugin.version} of "${node.type}": ${(err as Error).message}`,
        });
      }
    }
    return { doc: { ...doc, nodes }, problems };
  }
}
