import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { apiCaller, type ApiCaller } from './api-call.ts';
import { launchBrowser, openPage } from './launch-browser.ts';
import { signInWithForm } from './sign-in.ts';
import { REPO_ROOT, startRuntime, type RunningRuntime } from './start-runtime.ts';

export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'editor');

export interface E2eEnv {
  root: string;
  dataDir: string;
  landingDir: string;
  runtime: RunningRuntime;
  browser: Browser;
  /** Calls the runtime's API from node with its admin token (SLUICE_API_TOKEN). */
  api: ApiCaller;
  /** An admin user with a password, made through the API, who signs the browser in. */
  user: { name: string; password: string };
  /** A new browser context on the editor, signed in through the login form. */
  openSignedIn(path?: string): ReturnType<typeof openPage>;
  close(): Promise<void>;
}

/**
 * A temp root holding the runtime's data folder and a landing folder (the only allowed root of
 * local sources and uploads), the runtime serving the built editor with a SLUICE_API_TOKEN, an
 * admin user to sign the browser in, and Chromium. The editor must be built
 * first (`pnpm --filter @sluice/editor build`): this test starts no build of its own.
 */
/** Sources read the landing folder; uploads land in it; Bronze goes to the data folder's default place. */
const roots = (dataDir: string, landingDir: string) => ({ SLUICE_ALLOWED_ROOTS: landingDir, SLUICE_OUTPUT_ROOTS: `${landingDir}:${join(dataDir, 'bronze')}` });

export async function startE2eEnv(name: string): Promise<E2eEnv> {
  if (!existsSync(join(REPO_ROOT, 'editor', 'dist', 'index.html'))) {
    throw new Error('editor/dist is missing: build the editor first (pnpm --filter @sluice/editor build), as `pnpm test` does before running tests');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), `sluice-${name}-`));
  const dataDir = join(root, 'data');
  const landingDir = join(root, 'landing');
  mkdirSync(join(dataDir, 'bronze'), { recursive: true });
  mkdirSync(landingDir);
  // SLUICE_E2E_URL (+ SLUICE_E2E_TOKEN, an admin token): drive a runtime started by hand (debugging);
  // its allowed roots must hold the landing folder.
  const external = process.env.SLUICE_E2E_URL;
  const apiToken = external ? (process.env.SLUICE_E2E_TOKEN ?? '') : `e2e_${randomBytes(32).toString('base64url')}`;
  const runtime: RunningRuntime = external
    ? { url: external, apiToken, output: () => '', stop: async () => {} }
    : await startRuntime({ dataDir, apiToken, env: roots(dataDir, landingDir) });
  const api = apiCaller(runtime.url, apiToken);
  const user = { name: `e2e-${randomBytes(3).toString('hex')}`, password: randomBytes(12).toString('base64url') };
  const made = await api('/api/users', { method: 'POST', body: JSON.stringify({ name: user.name, role: 'admin', password: user.password }) });
  if (made.status !== 201) {
    await runtime.stop();
    throw new Error(`the e2e user could not be made (POST /api/users answered ${made.status}: ${await made.text()})`);
  }
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
    api,
    user,
    async openSignedIn(path = '/') {
      const opened = await openPage(browser, `${runtime.url}${path}`);
      await signInWithForm(opened.page, user);
      return opened;
    },
    async close() {
      await browser.close().catch(() => {});
      await runtime.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
