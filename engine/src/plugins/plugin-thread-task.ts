import type { PluginModuleRef } from './plugin-module-ref.ts';

/** One call of a plugin's thread function, as posted to a worker (structured clone: plain data only). */
export interface PluginThreadTask {
  /** The node type, for messages. */
  type: string;
  module: PluginModuleRef;
  /** The key in the plugin's `threads`. */
  name: string;
  payload: unknown;
}
