import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { keyboardDriver } from './keyboard-driver.ts';
import { WIRE } from './canvas-driver.ts';
import { writeLandingFiles } from './landing-files.ts';
import { openPage } from './launch-browser.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/**
 * Issue 16, accessibility: the example pipeline built, configured, saved and run with the
 * keyboard alone. The page counts every pointer event it sees; there must be none.
 */
describe('the editor by keyboard alone, in Chromium', () => {
  let env: E2eEnv;
  let rows = 0;

  beforeAll(async () => {
    env = await startE2eEnv('keyboard');
    rows = writeLandingFiles(env.landingDir, 3, 25);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('signs in, adds five nodes, wires, configures, saves and runs them; the run lands the rows', async () => {
    const { page, consoleErrors } = await openPage(env.browser, env.runtime.url);
    await page.evaluate(() => {
      const w = window as unknown as { pointerEvents: string[] };
      w.pointerEvents = [];
      for (const t of ['pointerdown', 'pointermove', 'mousedown', 'mousemove', 'wheel'])
        window.addEventListener(t, (e) => w.pointerEvents.push(`${e.type} on ${(e.target as Element)?.className}`), true);
    });
    const kb = keyboardDriver(page);
    const key = (k: string) => page.keyboard.press(k);

    // The login form: the user name field has focus.
    await page.getByTestId('login-page').waitFor();
    await page.keyboard.type(env.user.name);
    await key('Tab');
    await page.keyboard.type(env.user.password);
    await key('Enter');
    await page.getByTestId('account-name').waitFor();

    await kb.tabTo('[data-testid="new-graph"]');
    await key('Enter');
    await page.locator('.canvas-empty').waitFor();

    // The palette: each entry is a button; Enter adds its node to the canvas, selected.
    const chain = ['source-local', 'checkpoint', 'decompress', 'parse-csv', 'bronze-sink'];
    for (const type of chain) {
      await kb.tabTo(`.palette-item[data-type="${type}"]`);
      await key('Enter');
      await page.locator(`.react-flow__node[data-id="${type}-1"]`).waitFor();
    }
    await key('l'); // auto layout, so that the screenshot shows the chain
    const inspecting = (id: string) =>
      eventually(() => page.locator('[data-testid="inspector"] .inspector-head p').textContent()).toMatch(new RegExp(`^${id} `));

    // Each node: Tab to it on the canvas, Enter selects it and opens its form; its outputs are wired
    // to the next node's input from the form's "Connect an output to" list.
    for (let i = 0; i < chain.length; i++) {
      const id = `${chain[i]}-1`;
      await kb.tabTo(`.react-flow__node[data-id="${id}"]`);
      await key('Enter');
      await inspecting(id);
      if (id === 'source-local-1') {
        await kb.typeInto('[id="field-folder"]', env.landingDir);
        await kb.typeInto('[id="field-patterns.0"]', '*.csv.gz');
      }
      if (id === 'bronze-sink-1') await kb.typeInto('[id="field-table"]', 'orders');
      const next = chain[i + 1];
      if (!next) continue;
      await kb.choose('[data-testid="connect-to-select"]', new RegExp(`\\(${next}-1\\)`));
      await key('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('connect-to-button');
      await key('Enter');
      await eventually(() => page.locator(WIRE).count()).toBe(i + 1);
      // The wire is listed in the node's form, with a button that removes it.
      await eventually(() => page.locator('[data-testid="node-wires"] .wire-list li').count()).toBe(i === 0 ? 1 : 2);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'keyboard-built.png') });

    // Save (Ctrl+S), then Run from the toolbar.
    await key('Control+s');
    await eventually(() => page.getByTestId('dirty-mark').count()).toBe(0);
    await kb.tabTo('[data-testid="run"]', { back: true });
    await key('Enter');
    await eventually(() => page.locator('.react-flow__node[data-id="bronze-sink-1"] .sn-rows').textContent(), 60_000).toBe(`${rows} rows`);
    await eventually(() => page.getByTestId('topbar-run-status').textContent(), 60_000).toBe('succeeded');
    await page.screenshot({ path: join(ARTIFACTS, 'keyboard-run.png') });

    // Rows landed, by the runtime's own account of the run.
    const graphId = decodeURIComponent(new URL(page.url()).hash.replace('#/graphs/', ''));
    const runs = (await (await env.api(`/api/graphs/${graphId}/runs`)).json()) as unknown;
    expect(JSON.stringify(runs)).toMatch(/"status":"succeeded"/);

    expect(await page.evaluate(() => (window as unknown as { pointerEvents: string[] }).pointerEvents)).toEqual([]);
    // 401: the "who am I?" before sign-in; 422: checks the runtime refuses while a field is half typed.
    expect(consoleErrors.filter((m) => !/status of (401|422)/.test(m))).toEqual([]);
  });
});
