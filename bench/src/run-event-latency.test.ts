import { describe, expect, it } from 'vitest';
import { runEventLatency } from './run-event-latency.ts';
import { LazyS3Server } from './s3/lazy-s3-server.ts';
import { eventLatencyProblems } from './verify/event-latency-problems.ts';

// `pnpm bench --only W5 --quick` as a smoke test: the real Ceph RGW posts its events to a real
// runtime; only that every upload's event was recorded, picked up and landed is checked here
// (the latencies themselves are printed by `pnpm bench`, never asserted).
describe('W5 event latency, quick', () => {
  it('records an event, a run and landed rows for every upload, one by one and in a burst', async () => {
    const s3 = new LazyS3Server(() => {});
    try {
      const r = await runEventLatency(await s3.get(), { sparse: 2, burst: 10, concurrency: 4, perGraph: 1, log: () => {} });
      expect(eventLatencyProblems(r)).toEqual([]);
      expect(r.sparse.runs).toBe(2);
      expect(r.burst.toPickedUp.count).toBe(10);
      expect(r.burstLandedMs).toBeGreaterThanOrEqual(r.burstUploadMs);
    } finally {
      await s3.stop();
    }
  });

  it('does the same with the runs executed by 2 sluice worker processes on a PostgreSQL store', async () => {
    const s3 = new LazyS3Server(() => {});
    try {
      const r = await runEventLatency(await s3.get(), { sparse: 2, burst: 10, concurrency: 4, perGraph: 1, workers: 2, log: () => {} });
      expect(eventLatencyProblems(r)).toEqual([]);
      expect(r.sparse.runs).toBe(2);
      expect(r.burst.toRowsLanded.count).toBe(10);
    } finally {
      await s3.stop();
    }
  });
});
