import { RUN_STATUSES } from '@sluice/sdk/wire';
import { Gauge, type Registry } from 'prom-client';

/** What the gauge reads: the store's run repository (`store.runs`). */
export interface RunCounts {
  countByStatus(): Promise<Record<string, number>>;
}

/**
 * `sluice_runs{status}`, read from the store at each scrape: every process of the store sees the
 * same numbers, and `status="queued"` is the depth of the run queue. A store that cannot be read
 * fails the scrape (the target shows as down) rather than reporting numbers that are not there.
 */
export function runsGauge(registry: Registry, runs: RunCounts): Gauge<'status'> {
  return new Gauge({
    name: 'sluice_runs',
    help: 'Runs in the store by status, read at scrape time; status="queued" is the queue depth',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await runs.countByStatus();
      for (const status of RUN_STATUSES) this.set({ status }, counts[status] ?? 0);
    },
  });
}
