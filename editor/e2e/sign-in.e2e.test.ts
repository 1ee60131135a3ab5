import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { launchBrowser, openPage } from './launch-browser.ts';
import { signInWithForm } from './sign-in.ts';
import { startRuntime, type RunningRuntime } from './start-runtime.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

describe('signing in to the editor, in Chromium, against the real runtime', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startE2eEnv('sign-in');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the login page refuses a wrong password, says so, and signs in with the right one', async () => {
    const { page } = await openPage(env.browser, env.runtime.url);
    await page.getByTestId('login-page').waitFor();
    await page.getByTestId('login-username').fill(env.user.name);
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await eventually(() => page.getByTestId('login-error').textContent()).toBe('Wrong user name or password.');
    expect(await page.getByTestId('account-name').count()).toBe(0);
    // The refused browser holds no session: the API answers it 401.
    expect(await page.evaluate(async () => (await fetch('/api/graphs')).status)).toBe(401);
    await page.screenshot({ path: join(ARTIFACTS, 'auth-01-wrong-password.png') });

    await signInWithForm(page, env.user);
    expect(await page.getByTestId('account-name').textContent()).toMatch(new RegExp(`^${env.user.name}`));
    expect(await page.evaluate(async () => (await fetch('/api/graphs')).status)).toBe(200);

    // Logging out ends the session on the server, not just on the page.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/graphs')).status)).toBe(401);
    await page.context().close();
  });

  it('a session that ends during an edit brings the login page over the editor, which signs in and carries on', async () => {
    const { page } = await env.openSignedIn();
    // The second graph of the list: the editor opens the first by itself at start, and a click on
    // that one loads it again, so its name (or the address) on screen would not say the click's
    // load has landed; one landing after the edit below would put the saved name back over it.
    const link = page.locator('.graph-list li').nth(1).locator('.graph-link');
    const name = await link.textContent();
    await link.click();
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe(name);
    const hash = await page.evaluate(() => window.location.hash);
    expect(hash).toMatch(/^#\/graphs\//);
    await page.getByTestId('graph-name').fill('Renamed, not saved');
    // The session ends on the server (as after 12 h idle, or a logout elsewhere).
    await page.context().clearCookies();
    // Save finds the session gone, unless a background refresh of the editor found it first (on a
    // loaded machine it may): either brings the login page, which makes the editor inert.
    const login = page.getByTestId('login-page');
    const save = page.getByRole('button', { name: 'Save (Ctrl+S)' }).click();
    save.catch(() => {});
    await Promise.race([save, login.waitFor()]);
    await login.waitFor();
    expect(await page.locator('.login-message').textContent()).toMatch(/session has ended/);
    expect(await page.evaluate(() => window.location.hash)).toBe(hash);
    await page.getByTestId('login-username').fill(env.user.name);
    await page.getByTestId('login-password').fill(env.user.password);
    await page.getByTestId('login-submit').click();
    await eventually(() => page.getByTestId('login-page').count()).toBe(0);
    // The unsaved edit is still there, and saving now works.
    expect(await page.getByTestId('graph-name').inputValue()).toBe('Renamed, not saved');
    await page.getByRole('button', { name: 'Save (Ctrl+S)' }).click();
    await eventually(() => page.getByTestId('dirty-mark').count()).toBe(0);
    await page.context().close();
  });

  it('Settings makes an API token, shows it once, lists it without its value, and revokes it', async () => {
    const { page } = await env.openSignedIn();
    page.on('dialog', (d) => void d.accept());
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings').waitFor();
    await page.getByTestId('new-token-name').fill('ci-nightly');
    await page.getByTestId('new-token-role').selectOption('viewer');
    await page.getByTestId('create-token').click();
    const shown = page.getByTestId('new-token');
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^slu_[A-Za-z0-9_-]{43,}$/);
    await expect.soft(page.getByTestId('new-token-notice').textContent()).resolves.toMatch(/shown only this once/);
    await page.screenshot({ path: join(ARTIFACTS, 'auth-02-token-shown-once.png') });

    // The token works, with its role: a viewer reads and may not write.
    expect((await env.api('/api/graphs', { token })).status).toBe(200);
    expect((await env.api('/api/graphs', { token, method: 'POST', body: JSON.stringify({ name: 'x' }) })).status).toBe(403);

    // Once dismissed, it is nowhere on the page; the list shows its name, role and last use.
    await page.getByTestId('new-token-done').click();
    expect(await page.content()).not.toContain(token);
    await page.getByTestId('close-settings').click();
    await page.getByTestId('open-settings').click();
    const row = page.locator('[data-token="ci-nightly"]');
    await eventually(() => row.locator('td').allInnerTexts()).toEqual([
      'ci-nightly',
      'viewer',
      expect.stringMatching(/2\d{3}/),
      expect.stringMatching(/2\d{3}/),
      expect.stringMatching(/Revoke/),
    ]);
    expect(await page.content()).not.toContain(token);

    await row.getByTestId('revoke-token').click();
    await eventually(() => row.getByTestId('token-revoked').count()).toBe(1);
    expect((await env.api('/api/graphs', { token })).status).toBe(401);
    await page.screenshot({ path: join(ARTIFACTS, 'auth-03-token-revoked.png') });
    await page.context().close();
  });

  it('Settings lists the processes executing runs (Workers)', async () => {
    const { page } = await env.openSignedIn();
    await page.getByTestId('open-settings').click();
    const rows = page.getByTestId('workers-section').locator('tbody tr');
    await eventually(() => rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allInnerTexts();
    expect(cells[0]).toMatch(/^.+:\d+$/);
    expect(cells[1]).toBe('serve');
    expect(cells[2]).toMatch(/^\d+ of \d+$/);
    expect(cells[3]).toMatch(/^\d+ MiB$/);
    await page.getByTestId('reload-workers').click();
    await eventually(() => rows.count()).toBe(1);
    await page.context().close();
  });

  it('Settings adds a viewer, who signs in to a read-only editor', async () => {
    const { page } = await env.openSignedIn();
    await page.getByTestId('open-settings').click();
    await page.getByTestId('new-user-name').fill('vera');
    await page.getByTestId('new-user-role').selectOption('viewer');
    await page.getByTestId('new-user-password').fill('short');
    await page.getByTestId('add-user').click();
    await eventually(() => page.locator('.settings-form .form-problem').textContent()).toMatch(/at least 8 characters/);
    await page.getByTestId('new-user-password').fill('vera-reads-only');
    await page.getByTestId('add-user').click();
    await eventually(() => page.locator('[data-user="vera"] select').inputValue()).toBe('viewer');
    await page.context().close();

    const viewer = await openPage(env.browser, env.runtime.url);
    await signInWithForm(viewer.page, { name: 'vera', password: 'vera-reads-only' });
    expect(await viewer.page.getByTestId('account-name').textContent()).toMatch(/vera · viewer/);
    expect(await viewer.page.getByTestId('new-graph').count()).toBe(0);
    expect(await viewer.page.getByTestId('open-settings').count()).toBe(0);
    // The seeded examples open read-only: Run is there but disabled.
    await eventually(() => viewer.page.getByTestId('run').isDisabled()).toBe(true);
    await viewer.page.context().close();
  });
});

describe('the one-time sign-in URL that sluice serve prints', () => {
  let root: string;
  let runtime: RunningRuntime;
  let browser: Browser;
  beforeAll(async () => {
    // A fresh data folder without SLUICE_API_TOKEN: the first-run case, where the URL is the way in.
    root = mkdtempSync(join(tmpdir(), 'sluice-first-run-'));
    mkdirSync(join(root, 'data'));
    runtime = await startRuntime({ dataDir: join(root, 'data') });
    // Only a browser: a second runtime with a token and a user (startE2eEnv) would serve nothing here.
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('signs in, leaves the address bar at once, and cannot be used twice', async () => {
    const loginUrl = runtime.loginUrl;
    expect(loginUrl, runtime.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/login\?token=\S+$/);
    const token = new URL(loginUrl!).hash.replace('#/login?token=', '');

    const seen: string[] = [];
    const { page, consoleErrors } = await openPage(browser, 'about:blank');
    page.on('framenavigated', (f) => seen.push(f.url()));
    page.on('request', (r) => seen.push(`${r.method()} ${r.url()} ${r.headers().referer ?? ''}`));
    await page.goto(loginUrl!);
    await page.getByTestId('account-name').waitFor();
    expect(await page.getByTestId('account-name').textContent()).toMatch(/^admin · admin/);
    // The root, or the first seeded example once the editor has opened it (a race with this line).
    expect(page.url()).toMatch(new RegExp(`^${runtime.url.replace(/[.]/g, '\\.')}/(#/graphs/[\\w-]+)?$`));
    expect(await page.evaluate(() => window.location.href)).not.toContain(token);
    // No request carried it in its address or Referer (only the exchange's body holds it).
    expect(seen.filter((s) => s.includes(token) && !s.startsWith('http'))).toEqual([]);
    expect(consoleErrors.join('\n')).not.toContain(token);
    // Back does not bring it back: the entry was replaced, not pushed.
    await page.goBack().catch(() => {});
    expect(page.url()).not.toContain(token);
    await page.screenshot({ path: join(ARTIFACTS, 'auth-04-signed-in-by-link.png') });

    // A second browser with the same URL: refused, and told why.
    const again = await openPage(browser, loginUrl!);
    await again.page.getByTestId('login-page').waitFor();
    await eventually(() => again.page.locator('.login-message').textContent()).toMatch(/already been used or has expired/);
    expect(again.page.url()).not.toContain(token);
    expect(await again.page.evaluate(async () => (await fetch('/api/graphs')).status)).toBe(401);
    await again.page.screenshot({ path: join(ARTIFACTS, 'auth-05-link-used-twice.png') });
    await again.page.context().close();
    await page.context().close();
  });
});
