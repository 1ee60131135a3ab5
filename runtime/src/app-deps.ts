import type { RunAccess } from '@sluice/sdk';
import type { Registry } from 'prom-client';
import type { SessionPolicy } from '@sluice/store';
import type { PluginRegistry } from '@sluice/engine';
import type { RunService } from './runs/run-service.ts';
import type { Store } from '@sluice/store';

/** Everything the HTTP app works with, handed in by whoever starts it (server, tests). */
export interface AppDeps {
  store: Store;
  registry: PluginRegistry;
  runs: RunService;
  /** The runtime's version, reported by /api/health. */
  version: string;
  /**
   * What runs, previews, listings and uploads may read, write and call (runtime/src/access), read
   * from the settings once at start; the same value the run service hands to every run.
   */
  access: RunAccess;
  /** What `GET /metrics` exposes (runtime/src/metrics/runtime-metrics.ts); without it there is no /metrics. */
  metrics?: Registry;
  /** The largest upload in bytes; default SLUICE_UPLOAD_MAX_BYTES, else 5 GiB. */
  uploadMaxBytes?: number;
  /**
   * SLUICE_API_TOKEN, read from the environment once by whoever starts the app: accepted as an
   * admin Bearer token, compared in constant time, never stored.
   */
  apiToken?: string;
  /** Host names the server answers to (any port); default localhost, 127.0.0.1, [::1] (SLUICE_ALLOWED_HOSTS adds). */
  allowedHosts?: readonly string[];
  /** The largest request body outside uploads and trigger intakes; default 1 MiB (SLUICE_JSON_MAX_BYTES). */
  jsonMaxBytes?: number;
  /** How long editor sessions live; default 12 h idle, 7 days at most. */
  sessionPolicy?: SessionPolicy;
}
