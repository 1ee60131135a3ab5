import { defineConfig } from 'vitest/config';

// One runner for the whole workspace: unit and integration tests sit beside the code as *.test.ts;
// the editor's browser tests (real Chromium against the real runtime) are *.e2e.test.ts.
export default defineConfig({
  test: {
    include: ['{nodes,engine,store,testing,runtime,editor,examples,bench,differential,scripts}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One temporary folder for the run, removed at its end; one shared S3 server (Ceph RGW),
    // started only when a test first asks for it.
    globalSetup: ['testing/temp-dir-global-setup.ts', 'testing/s3/s3-global-setup.ts'],
    // The closing line `N passed, N failed, N skipped` that CI reads.
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
  },
});
