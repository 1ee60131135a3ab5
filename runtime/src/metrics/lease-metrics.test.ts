import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricSamples } from '../../testing/metric-samples.ts';
import { leaseMetrics } from './lease-metrics.ts';

describe('leaseMetrics', () => {
  it('counts the leader lease gained and lost, both from zero', async () => {
    const registry = new Registry();
    const observer = leaseMetrics(registry);
    const before = metricSamples(await registry.metrics());
    expect(before.get('sluice_leader_lease_changes_total{change="gained"}')).toBe(0);
    expect(before.get('sluice_leader_lease_changes_total{change="lost"}')).toBe(0);
    observer.gained(1);
    observer.lost(1);
    observer.gained(3);
    const after = metricSamples(await registry.metrics());
    expect(after.get('sluice_leader_lease_changes_total{change="gained"}')).toBe(2);
    expect(after.get('sluice_leader_lease_changes_total{change="lost"}')).toBe(1);
  });
});
