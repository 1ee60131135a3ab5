import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinModuleKey } from './builtin-module-key.ts';
import { builtRuntime } from './built-runtime.ts';

/** Modules a plugin gets from the host rather than from its own node_modules (its peer dependencies). */
export const HOST_MODULES = ['@sluice/sdk', 'zod', 'nodejs-polars'];

// Node's loader hooks are process-wide by nature; this only remembers which folders already have
// one, so that discovering the same folder again does not stack another hook.
const sharedRoots = new Set<string>();

/**
 * Makes `HOST_MODULES` imported by any module under one of `folders` (a plugins folder, and the real
 * folders of packages linked into it) resolve to the runtime's copies: the build's own copy of a
 * module it holds (`@sluice/sdk`), else the one the runtime's folder resolves.
 */
export function shareHostModules(folders: string[], hostDir: string): void {
  const roots = folders.map((f) => pathToFileURL(f.endsWith('/') ? f : `${f}/`).href).filter((r) => !sharedRoots.has(r));
  if (!roots.length) return;
  for (const r of roots) sharedRoots.add(r);
  register(new URL('./host-modules-hook.mjs', import.meta.url), {
    data: {
      roots,
      hostURL: pathToFileURL(join(hostDir, 'package.json')).href,
      shared: HOST_MODULES,
      builtURLs: builtRuntime?.hostModuleUrls ?? {},
    },
  });
}

/** Where a plugin module comes from: the package's name and origin, and the manifest's entry. */
export interface PluginModuleSource {
  packageName: string;
  entry: string;
  /** A package from a plugins folder, not one of the runtime's dependencies. */
  external: boolean;
}

const TYPESCRIPT = /\.[cm]?tsx?$/;

/**
 * Loads a plugin module. Built-ins go through the runtime's own import (they are its dependencies),
 * or, when the runtime runs built, through the build's chunk of that module. Plugins from a plugins
 * folder go through Node's loader, so that the host-modules hook above applies exactly as in
 * production, whatever module transform a test runner puts around the runtime's own code: with
 * tsx's hooks (`tsImport`, registered only then) for TypeScript, and from the sources (where a test
 * runner may sit around `import()`); with a plain `import()` for JavaScript when running built.
 */
export async function importPluginModule(file: string, source: PluginModuleSource): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  const built = builtRuntime?.builtinModules[builtinModuleKey(source.packageName, source.entry)];
  if (!source.external && built) return built();
  const plainImport = builtRuntime ? !TYPESCRIPT.test(file) : !source.external;
  if (plainImport) return (await import(url)) as Record<string, unknown>;
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}
