// The runtime's public surface for other packages (tests of node plugins, the bench, the CLI).
export { openStore, MIGRATIONS_DIR, type Store, type StoreOptions } from './store/open-store.ts';
export { openTempStore, type TempStore } from './store/temp-store.ts';
export type { Page } from './store/page.ts';
export type { GraphRow } from './db/graphs-table.ts';
export type { RunRow, RunLogRow } from './db/runs-table.ts';
export type { CheckpointRow } from './db/checkpoints-table.ts';
export { createApp, type AppDeps } from './app.ts';
export { startServer, DEFAULT_HOST, DEFAULT_PORT, type RunningServer, type ServerOptions } from './server.ts';
export { discoverPlugins, RUNTIME_DIR, type DiscoverOptions } from './plugins/discover-plugins.ts';
export { PluginRegistry, type RegisteredPlugin } from './plugins/plugin-registry.ts';
export type { PluginProblem } from './plugins/plugin-problem.ts';
export { checkGraph, type GraphCheck } from './graphs/check-graph.ts';
export { RunService, type RunServiceOptions, type TriggerRequest } from './runs/run-service.ts';
export { previewFile, PreviewError, type PreviewResult } from './preview/preview-file.ts';
export { localFileItem } from './preview/local-file-item.ts';
