import { defineConfig } from 'vitest/config';

// One runner for the whole workspace: unit and integration tests sit beside the code as *.test.ts;
// the editor's browser tests (real Chromium against the real runtime) are *.e2e.test.ts.
export default defineConfig({
  test: {
    include: ['{nodes,runtime,editor,examples,bench}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
