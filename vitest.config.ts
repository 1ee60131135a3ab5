import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The suites that run on both store dialects: the `postgres` project runs them again with
 * SLUICE_TEST_STORE=postgres, where `openTestStore` (@sluice/store/testing/store) opens a store on
 * the machine's PostgreSQL. A suite joins by opening its stores with `openTestStore`.
 */
const BOTH_DIALECTS = [
  'engine/src/error-attribution.test.ts',
  'engine/src/live-keys-run.test.ts',
  'engine/src/plugins/plugin-thread-pool.test.ts',
  'engine/src/preview-graph.test.ts',
  'engine/src/run-batches.test.ts',
  'engine/src/run-graph.test.ts',
  'engine/src/settle-file.test.ts',
  'nodes/bronze-sink/src/several-writers.test.ts',
  'nodes/checkpoint/src/batch-lookup.test.ts',
  'nodes/source-local/src/watermark-tracker.test.ts',
  'runtime/src/runs/run-observer.test.ts',
  'runtime/src/runs/run-service-live-keys.test.ts',
  'runtime/src/runs/run-service.test.ts',
  'runtime/src/runs/shared-key-feed.test.ts',
  'runtime/src/triggers/bucket-events/bucket-event-intake.test.ts',
  'runtime/src/triggers/bucket-events/bucket-event-live-feed.test.ts',
  'runtime/src/triggers/graph-triggers.test.ts',
  'runtime/src/triggers/trigger-scheduler.test.ts',
  'store/src/auth/auth-repositories.test.ts',
  'store/src/bronze-part-repository.test.ts',
  'store/src/bucket-event-repository.test.ts',
  'store/src/checkpoint-repository.test.ts',
  'store/src/credential-repository.test.ts',
  'store/src/graph-repository.test.ts',
  'store/src/hook-request-repository.test.ts',
  'store/src/node-store.test.ts',
  'store/src/run-repository-jobs.test.ts',
  'store/src/run-repository.test.ts',
  'store/src/secret-resolver.test.ts',
  'store/src/store-transaction.test.ts',
];

// One runner for the whole workspace: unit and integration tests sit beside the code as *.test.ts;
// the editor's browser tests (real Chromium against the real runtime) are *.e2e.test.ts.
/** What every project runs with. Not `extends: true`: a project would run the global setups again (nested TMPDIRs). */
const shared = {
  exclude: ['**/node_modules/**', '**/dist/**'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

/**
 * Test files at once: at least two. Vitest's default is one less than the cores, one on a 2-core
 * machine (CI's kind), and most of the suite's time is spent waiting on the processes, servers and
 * browsers it starts (heartbeats, leases, S3, Chromium), not computing: on 2 cores, two at once took
 * the whole run from 1,234 s to 979 s, all green (2026-12-07).
 */
const maxWorkers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    ...shared,
    maxWorkers,
    // One temporary folder for the run, removed at its end; one shared S3 server (Ceph RGW),
    // started only when a test first asks for it; the PostgreSQL test databases dropped at the end.
    // Run once for the whole run, whatever the projects.
    globalSetup: ['testing/temp-dir-global-setup.ts', 'testing/s3/s3-global-setup.ts', 'store/testing/postgres-global-setup.ts'],
    // The closing line `N passed, N failed, N skipped` that CI reads.
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    projects: [
      {
        test: { ...shared, name: 'sqlite', include: ['{nodes,engine,store,testing,runtime,editor,examples,bench,differential,scripts}/**/*.test.ts'] },
      },
      {
        test: { ...shared, name: 'postgres', include: BOTH_DIALECTS, env: { SLUICE_TEST_STORE: 'postgres' } },
      },
    ],
  },
});
