import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { AnyNodePlugin } from '@sluice/sdk';
import { checkPluginShape } from './check-plugin-shape.ts';
import { dependencyDirs, pluginsFolderDirs } from './find-plugin-dirs.ts';
import { importPluginModule, type PluginModuleSource, shareHostModules } from './import-plugin-module.ts';
import type { PluginModuleRef } from './plugin-module-ref.ts';
import { describeProblem, type PluginProblem } from './plugin-problem.ts';
import { PluginRegistry, type RegisteredPlugin } from './plugin-registry.ts';
import { type PluginPackage, readPluginPackage } from './read-plugin-package.ts';

export interface DiscoverOptions {
  /**
   * The host's package folder: its dependencies that carry a manifest are the built-ins, and plugins
   * from a plugins folder share its copies of the host modules (`@sluice/sdk`).
   */
  hostDir: string;
  /** The built-ins' package folders, instead of the host's dependencies (the engine's test harness: the workspace's nodes/). */
  builtinDirs?: string[];
  /** Folder of third-party plugin packages (`--plugins`, SLUICE_PLUGINS_DIR, `<dataDir>/plugins`). */
  pluginsDir?: string;
  /**
   * Load only these node types (a headless run of one graph): the others' code is never imported,
   * which keeps the S3 SDK, exceljs and the like out of the start-up of a run that does not use them.
   * Manifests are still all read, so duplicates are still refused.
   */
  only?: ReadonlySet<string>;
  /** Where refused plugins are reported (they are also kept in `registry.problems`). */
  warn?: (message: string) => void;
}

/**
 * Finds the node plugins, Node-RED style: manifests first (package.json "sluice" field), code
 * second. Built-ins are the host's dependencies with a manifest; third-party packages live in the
 * plugins folder. Invalid and duplicate plugins are refused with a problem naming the package; the
 * valid ones are kept.
 */
export async function discoverPlugins(options: DiscoverOptions): Promise<PluginRegistry> {
  const hostDir = options.hostDir;
  const problems: PluginProblem[] = [];
  const packages: PluginPackage[] = [];
  const seenDirs = new Set<string>();
  let hostModules: PluginModuleRef['hostModules'];

  const collect = async (dirs: string[], origin: PluginPackage['origin']) => {
    for (const dir of dirs) {
      const real = realpathSync(dir);
      if (seenDirs.has(real)) continue;
      seenDirs.add(real);
      const r = await readPluginPackage(real, origin);
      if (r.kind === 'plugin') packages.push(r.pkg);
      else if (r.kind === 'problem') problems.push(r.problem);
    }
  };
  await collect(options.builtinDirs ?? (await dependencyDirs(hostDir)), 'builtin');
  if (options.pluginsDir) {
    const folder = resolve(options.pluginsDir);
    if (!existsSync(folder)) problems.push({ package: folder, dir: folder, message: 'the plugins folder does not exist' });
    else {
      await collect(await pluginsFolderDirs(folder), 'plugins-folder');
      // Packages linked into the folder (`npm link`) live elsewhere: their real folders share too.
      const real = realpathSync(folder);
      const linked = packages.filter((p) => p.origin === 'plugins-folder' && !p.dir.startsWith(`${real}/`)).map((p) => p.dir);
      hostModules = { folders: [real, ...linked], hostDir };
      shareHostModules(hostModules.folders, hostModules.hostDir);
    }
  }

  const entries: RegisteredPlugin[] = [];
  const byType = new Map<string, RegisteredPlugin>();
  for (const pkg of packages) {
    for (const [type, entry] of Object.entries(pkg.manifest.nodes)) {
      const problem = (message: string) => problems.push({ package: pkg.name, dir: pkg.dir, message });
      if (options.only && !options.only.has(type)) continue;
      const taken = byType.get(type);
      if (taken) {
        problem(`node type "${type}" is already provided by package ${taken.package.name} (${taken.package.dir}); this one is refused`);
        continue;
      }
      const loaded = await loadPlugin(pkg, type, entry, hostModules);
      if (typeof loaded === 'string') {
        problem(loaded);
        continue;
      }
      const registered = PluginRegistry.entry(loaded.plugin, pkg, loaded.module);
      byType.set(type, registered);
      entries.push(registered);
    }
  }
  for (const p of problems) options.warn?.(describeProblem(p));
  return new PluginRegistry(entries, problems);
}

/** The plugin of `type` from the package's module `entry` and where it was loaded from, or why it cannot be used. */
async function loadPlugin(
  pkg: PluginPackage,
  type: string,
  entry: string,
  hostModules: PluginModuleRef['hostModules'],
): Promise<{ plugin: AnyNodePlugin; module: PluginModuleRef } | string> {
  const file = resolve(pkg.dir, entry);
  const rel = relative(pkg.dir, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return `node type "${type}": module "${entry}" is outside the package folder`;
  if (!existsSync(file)) return `node type "${type}": module "${entry}" does not exist`;
  const external = pkg.origin === 'plugins-folder';
  const source: PluginModuleSource = { packageName: pkg.name, entry, external };
  let mod: Record<string, unknown>;
  try {
    mod = await importPluginModule(file, source);
  } catch (err) {
    return `node type "${type}": module "${entry}" failed to load: ${(err as Error).message}`;
  }
  const why = checkPluginShape(mod.default, type);
  if (why) return `node type "${type}" (${entry}): ${why}`;
  return { plugin: mod.default as AnyNodePlugin, module: { file, source, ...(external && hostModules ? { hostModules } : {}) } };
}
