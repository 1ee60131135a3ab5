import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricSamples } from '../../testing/metric-samples.ts';
import { runsGauge } from './runs-gauge.ts';

describe('runsGauge', () => {
  it('reads the runs by status at each scrape, every status present', async () => {
    const registry = new Registry();
    let counts: Record<string, number> = { queued: 4, succeeded: 9 };
    runsGauge(registry, { countByStatus: async () => counts });
    const first = metricSamples(await registry.metrics());
    expect(first.get('sluice_runs{status="queued"}')).toBe(4);
    expect(first.get('sluice_runs{status="succeeded"}')).toBe(9);
    expect(first.get('sluice_runs{status="running"}')).toBe(0);
    counts = { running: 1 };
    const second = metricSamples(await registry.metrics());
    expect(second.get('sluice_runs{status="queued"}')).toBe(0);
    expect(second.get('sluice_runs{status="running"}')).toBe(1);
  });

  it('fails the scrape when the store cannot be read, rather than report numbers it does not have', async () => {
    const registry = new Registry();
    runsGauge(registry, { countByStatus: () => Promise.reject(new Error('the store is closed')) });
    await expect(registry.metrics()).rejects.toThrow('the store is closed');
  });
});
