import type { PluginRegistry } from './plugins/plugin-registry.ts';
import type { RunService } from './runs/run-service.ts';
import type { Store } from './store/open-store.ts';

/** Everything the HTTP app works with, handed in by whoever starts it (server, tests). */
export interface AppDeps {
  store: Store;
  registry: PluginRegistry;
  runs: RunService;
  /** The runtime's version, reported by /api/health. */
  version: string;
  /** The largest upload in bytes; default SLUICE_UPLOAD_MAX_BYTES, else 5 GiB. */
  uploadMaxBytes?: number;
}
