// The runtime's public surface for other packages (the bench, the examples). The store and the
// engine are packages of their own (@sluice/store, @sluice/engine); the CLI is bin/sluice.mjs.
export { createApp, type AppDeps } from './app.ts';
export { startServer, DEFAULT_HOST, DEFAULT_PORT, type RunningServer, type ServerOptions } from './server.ts';
export { installedPlugins, RUNTIME_DIR } from './plugins/installed-plugins.ts';
export { checkGraph, type GraphCheck } from './graphs/check-graph.ts';
export { RunService, type RunServiceOptions, type TriggerRequest } from './runs/run-service.ts';
export { startRuns, type StartRunsOptions } from './runs/start-runs.ts';
export { startWorker, type RunningWorker, type WorkerOptions } from './worker.ts';
export { previewFile, PreviewError, type PreviewResult } from './preview/preview-file.ts';
export { localFileItem } from './preview/local-file-item.ts';
