import { Counter, type Registry } from 'prom-client';
import type { LeaseObserver } from '../cluster/lease-observer.ts';

/** `sluice_leader_lease_changes_total{change}` on `registry`, and the observer that feeds it (handed to the leadership). */
export function leaseMetrics(registry: Registry): LeaseObserver {
  const changes = new Counter({
    name: 'sluice_leader_lease_changes_total',
    help: 'Times this process gained or lost the leader lease of its PostgreSQL store (a SQLite store has no lease)',
    labelNames: ['change'] as const,
    registers: [registry],
  });
  changes.inc({ change: 'gained' }, 0);
  changes.inc({ change: 'lost' }, 0);
  return { gained: () => changes.inc({ change: 'gained' }), lost: () => changes.inc({ change: 'lost' }) };
}
