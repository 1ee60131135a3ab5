import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchGraph } from './bench-graph.ts';
import { seriousA11yViolations } from './axe-check.ts';
import { canvasDriver } from './canvas-driver.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { focusWalk } from './focus-check.ts';
import { writeLandingFiles } from './landing-files.ts';
import { openPage, type Page } from './launch-browser.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/**
 * Issue 16, accessibility: axe-core over the editor's main screens finds no serious or critical
 * violation, and every control reached by Tab shows that it has focus.
 */
describe('the editor is accessible: axe-core and visible focus, in Chromium', () => {
  let env: E2eEnv;
  let page: Page;
  let graphId = '';

  beforeAll(async () => {
    env = await startE2eEnv('a11y');
    writeLandingFiles(`${env.landingDir}/chain-0`, 2, 20);
    const res = await env.api('/api/graphs', { method: 'POST', body: JSON.stringify({ document: benchGraph(1, env.landingDir) }) });
    expect(res.status, await res.clone().text()).toBe(201);
    graphId = ((await res.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await env?.close();
  });

  const check = async (p: Page, screen: string) => {
    await p.screenshot({ path: join(ARTIFACTS, `a11y-${screen}.png`) });
    expect(await seriousA11yViolations(p, screen), `serious or critical axe-core violations on ${screen}`).toEqual([]);
  };

  it('the login page', async () => {
    const { page: login } = await openPage(env.browser, env.runtime.url);
    await login.getByTestId('login-page').waitFor();
    await check(login, 'login');
    // Filled in, so that the Sign in button is enabled and in the Tab order too.
    await login.getByTestId('login-username').fill('someone');
    await login.getByTestId('login-password').fill('not-the-password');
    await login.getByTestId('login-username').focus();
    const walk = await focusWalk(login, 4);
    expect(walk.invisible).toEqual([]);
    expect(walk.reached.join('\n')).toMatch(/login-submit/);
    await login.context().close();
  });

  it('an empty canvas', async () => {
    ({ page } = await env.openSignedIn());
    await page.getByTestId('new-graph').click();
    await page.locator('.canvas-empty').waitFor();
    await check(page, 'empty-canvas');
  });

  it('a graph with a node selected and its form open', async () => {
    await page.goto(`${env.runtime.url}/#/graphs/${graphId}`);
    const d = canvasDriver(page);
    await d.node('source-local-0').waitFor();
    await d.select('source-local-0');
    await check(page, 'inspector');
  });

  it("a node's help, open beside the canvas with its README", async () => {
    await canvasDriver(page).node('source-local-0').locator('.sn-head').click({ button: 'right' });
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'Help for this node type' }).click();
    await page.getByTestId('node-help-readme').locator('h3').first().waitFor();
    await check(page, 'node-help');
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('node-help').count()).toBe(0);
  });

  it('the run history of a graph that ran', async () => {
    const started = await env.api(`/api/graphs/${graphId}/runs`, { method: 'POST', body: '{}' });
    expect(started.status, await started.clone().text()).toBe(202);
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.getByTestId('tab-runs').click();
    await eventually(() => page.locator('[data-testid="run-history"] button').count(), 60_000).toBeGreaterThan(0);
    await page.locator('[data-testid="run-history"] button').first().click();
    await eventually(() => page.getByTestId('run-status').first().textContent(), 60_000).toBe('succeeded');
    await check(page, 'run-history');
  });

  it('every control of the editor shows its focus', async () => {
    await page.locator('body').focus();
    const walk = await focusWalk(page, 120);
    expect(walk.invisible).toEqual([]);
    // The walk went through the top bar, the palette, the canvas and the side panel.
    for (const seen of [/Save/, /Add Parse CSV/, /rf__node-bronze-sink-0/, /tab-runs/]) expect(walk.reached.join('\n')).toMatch(seen);
  });

  it('settings', async () => {
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings').waitFor();
    await eventually(() => page.locator('.settings-table tbody tr').count()).toBeGreaterThan(0);
    await check(page, 'settings');
    const walk = await focusWalk(page, 20);
    expect(walk.invisible).toEqual([]);
    // The editor under the Settings screen is out of reach.
    expect(walk.reached.join('\n')).toMatch(/close-settings/);
    expect(walk.reached.join('\n')).not.toMatch(/Add Parse CSV|rf__node/);
  });
});
