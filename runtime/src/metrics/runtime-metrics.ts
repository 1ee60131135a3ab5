import { collectDefaultMetrics, Registry } from 'prom-client';
import type { LeaseObserver } from '../cluster/lease-observer.ts';
import type { RunObserver } from '../runs/run-observer.ts';
import { leaseMetrics } from './lease-metrics.ts';
import { runMetrics } from './run-metrics.ts';
import { type RunCounts, runsGauge } from './runs-gauge.ts';

export interface RuntimeMetricsOptions {
  /** The store's run repository, counted by status at each scrape. */
  runs: RunCounts;
  /**
   * The Node.js process metrics of prom-client (CPU, memory, heap, event loop lag, GC, handles),
   * prefixed `sluice_`. Cheap (read at scrape time, plus one GC observer and one event loop delay
   * monitor for the life of the process): on in the server, off where many apps share a process (tests).
   */
  processMetrics?: boolean;
}

/** The runtime's metrics: the registry `GET /metrics` exposes, and the observers that feed it. */
export interface RuntimeMetrics {
  registry: Registry;
  /** For RunService's `observer`. */
  runs: Required<RunObserver>;
  /** For the leadership's `observer`. */
  leases: LeaseObserver;
}

/**
 * A registry of its own (never prom-client's global one: two runtimes in one process, as in tests,
 * keep apart, and no library's metrics slip in unasked), every metric named `sluice_...`.
 */
export function runtimeMetrics(options: RuntimeMetricsOptions): RuntimeMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'sluice_' });
  runsGauge(registry, options.runs);
  return { registry, runs: runMetrics(registry), leases: leaseMetrics(registry) };
}
