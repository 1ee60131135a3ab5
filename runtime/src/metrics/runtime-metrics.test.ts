import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricSamples } from '../../testing/metric-samples.ts';
import { runtimeMetrics } from './runtime-metrics.ts';

const runs = { countByStatus: async () => ({ queued: 1 }) };

/** Metric names of an exposition (from its HELP lines). */
const names = (text: string) => [...text.matchAll(/^# HELP (\S+)/gm)].map((m) => m[1]!);

describe('runtimeMetrics', () => {
  it('keeps its own registry, apart from the global one and from another runtime in the process', async () => {
    const before = await globalRegistry.metrics();
    const a = runtimeMetrics({ runs });
    const b = runtimeMetrics({ runs });
    a.runs.claimed({} as never);
    expect(await globalRegistry.metrics()).toBe(before);
    expect(metricSamples(await a.registry.metrics()).get('sluice_run_claims_total')).toBe(1);
    expect(metricSamples(await b.registry.metrics()).get('sluice_run_claims_total')).toBe(0);
  });

  it('names every metric sluice_..., the process metrics included when asked for', async () => {
    const bare = names(await runtimeMetrics({ runs }).registry.metrics());
    expect(bare.sort()).toEqual([
      'sluice_commit_duration_seconds',
      'sluice_files_total',
      'sluice_leader_lease_changes_total',
      'sluice_rows_total',
      'sluice_run_claims_total',
      'sluice_run_duration_seconds',
      'sluice_run_takeovers_total',
      'sluice_runs',
      'sluice_runs_finished_total',
      'sluice_runs_lost_total',
    ]);
    const all = names(await runtimeMetrics({ runs, processMetrics: true }).registry.metrics());
    expect(all).toEqual(expect.arrayContaining([...bare, 'sluice_process_cpu_seconds_total', 'sluice_nodejs_heap_size_used_bytes']));
    expect(all.filter((n) => !n.startsWith('sluice_'))).toEqual([]);
  });
});
