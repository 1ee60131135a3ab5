// The executor and what it needs to run a graph: the plugin registry and its discovery, the run's
// types and live key feeds. The runtime (the host) depends on this package; node packages use its
// `testing` entry point in their tests.
export * from './gated-key-feed.ts';
export * from './live-key-feed.ts';
export { untakenKeysMessage } from './run-live-keys.ts';
export * from './output-tap.ts';
export * from './preview-graph.ts';
export * from './recover-storage.ts';
export { runGraph } from './run-graph.ts';
export * from './run-types.ts';
export * from './plugins/builtin-module-key.ts';
export * from './plugins/discover-plugins.ts';
export * from './plugins/find-plugin-dirs.ts';
export * from './plugins/plugin-problem.ts';
export type { PluginModuleRef } from './plugins/plugin-module-ref.ts';
export { closePluginThreads, PLUGIN_THREADS_ENV, pluginThreadCount, runOnPluginThread } from './plugins/plugin-thread-pool.ts';
export type { PluginThreadTask } from './plugins/plugin-thread-task.ts';
export * from './plugins/plugin-registry.ts';
export * from './plugins/read-plugin-package.ts';
