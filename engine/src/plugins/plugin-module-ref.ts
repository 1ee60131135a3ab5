import type { PluginModuleSource } from './import-plugin-module.ts';

/**
 * Where a discovered plugin's module was loaded from: enough to load it again elsewhere, exactly as
 * discovery did (a worker thread running the plugin's `threads`). Plain data, so that it travels to
 * a thread by structured clone.
 */
export interface PluginModuleRef {
  /** The module's absolute path (the package's folder and the manifest's entry). */
  file: string;
  source: PluginModuleSource;
  /**
   * For a plugin from a plugins folder: the arguments discovery gave `shareHostModules` (the folders
   * whose imports of host modules the host serves, and the host's folder). Loader hooks are per
   * thread, so a worker registers them again before it imports such a module.
   */
  hostModules?: { folders: string[]; hostDir: string };
}
