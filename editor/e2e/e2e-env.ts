import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './launch-browser.ts';
import { REPO_ROOT, startRuntime, type RunningRuntime } from './start-runtime.ts';

export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'editor');

export interface E2eEnv {
  root: string;
  dataDir: string;
  landingDir: string;
  runtime: RunningRuntime;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * A temp root holding the runtime's data folder and a landing folder (the only allowed root of
 * local sources), the runtime serving the built editor, and Chromium. The editor must be built
 * first (`pnpm --filter @sluice/editor build`): this test starts no build of its own.
 */
export async function startE2eEnv(name: string): Promise<E2eEnv> {
  if (!existsSync(join(REPO_ROOT, 'editor', 'dist', 'index.html'))) {
    throw new Error('editor/dist is missing: build the editor first (pnpm --filter @sluice/editor build), as `pnpm test` does before running tests');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), `sluice-${name}-`));
  const dataDir = join(root, 'data');
  const landingDir = join(root, 'landing');
  mkdirSync(dataDir);
  mkdirSync(landingDir);
  // SLUICE_E2E_URL: drive a runtime started by hand (debugging); its allowed roots must hold the temp root.
  const external = process.env.SLUICE_E2E_URL;
  const runtime: RunningRuntime = external
    ? { url: external, output: () => '', stop: async () => {} }
    : await startRuntime({ dataDir, env: { SLUICE_ALLOWED_ROOTS: root } });
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await runtime.stop();
    throw e;
  }
  return {
    root,
    dataDir,
    landingDir,
    runtime,
    browser,
    async close() {
      await browser.close().catch(() => {});
      await runtime.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
