import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

/** Modules a plugin gets from the host rather than from its own node_modules (its peer dependencies). */
export const HOST_MODULES = ['@sluice/sdk', 'zod', 'nodejs-polars'];

// Node's loader hooks are process-wide by nature; this only remembers which folders already have
// one, so that discovering the same folder again does not stack another hook.
const sharedRoots = new Set<string>();

/** Makes `HOST_MODULES` imported by any module under `folder` resolve to the runtime's copies. */
export function shareHostModules(folder: string, runtimeDir: string): void {
  const root = pathToFileURL(folder.endsWith('/') ? folder : `${folder}/`).href;
  if (sharedRoots.has(root)) return;
  sharedRoots.add(root);
  register(new URL('./host-modules-hook.mjs', import.meta.url), {
    data: { roots: [root], hostURL: pathToFileURL(join(runtimeDir, 'package.json')).href, shared: HOST_MODULES },
  });
}

/**
 * Loads a plugin module. Built-ins go through the runtime's own import (they are its dependencies).
 * Plugins from a plugins folder go through Node's loader with tsx's hooks (`tsImport`), so that a
 * third party may ship JavaScript or TypeScript, and the host-modules hook above applies, exactly
 * as in production, whatever module transform a test runner puts around the runtime's own code.
 */
export async function importPluginModule(file: string, external: boolean): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  if (external) return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  return (await import(url)) as Record<string, unknown>;
}
