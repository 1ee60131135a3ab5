import { fileURLToPath } from 'node:url';
import { type DiscoverOptions, discoverPlugins, type PluginRegistry } from '@sluice/engine';

/** The runtime package's folder: its dependencies with a manifest are the built-in node types. */
export const RUNTIME_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The plugins this runtime has: its built-ins, and those of a plugins folder when one is given. */
export function installedPlugins(options: Omit<DiscoverOptions, 'hostDir' | 'builtinDirs'> = {}): Promise<PluginRegistry> {
  return discoverPlugins({ ...options, hostDir: RUNTIME_DIR });
}
