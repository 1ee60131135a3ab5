import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyGraph, type GraphDocument } from '@sluice/sdk/graph';
import { seriousA11yViolations } from './axe-check.ts';
import { canvasDriver, WIRE } from './canvas-driver.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { graphPages } from './graph-pages.ts';
import type { Page } from './launch-browser.ts';
import { signInWithForm } from './sign-in.ts';
import { lowContrastText } from './text-contrast.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

/**
 * Issue 16, node help: the context menu's "Help for this node type" (by mouse, or by keyboard
 * through Shift+F10) opens a panel beside the canvas with the type's description and its package's
 * README rendered as markdown; Escape or Close ends it and gives the focus back to the node. The
 * page makes no request to any other server meanwhile, and the panel passes axe in both themes.
 */
describe('node help: the README of the plugin in a side panel, in Chromium', () => {
  let env: E2eEnv;
  let graphId = '';

  beforeAll(async () => {
    env = await startE2eEnv('help');
    const types = (await (await env.api('/api/node-types')).json()) as { items: { type: string; version: number }[] };
    const version = (type: string) => types.items.find((t) => t.type === type)?.version ?? 1;
    const doc: GraphDocument = {
      ...emptyGraph('Help'),
      nodes: {
        'source-local-1': { type: 'source-local', typeVersion: version('source-local'), position: { x: 0, y: 0 }, config: { folder: env.landingDir } },
        'parse-csv-1': { type: 'parse-csv', typeVersion: version('parse-csv'), position: { x: 320, y: 0 }, config: {} },
      },
      edges: [{ from: { node: 'source-local-1', port: 'files' }, to: { node: 'parse-csv-1', port: 'files' } }],
    };
    // Each test opens its own page (a colour scheme per context): only the API half of graphPages is used.
    graphId = await graphPages(
      () => env,
      () => {
        throw new Error('no shared page here');
      },
    ).createGraph(doc);
  });

  afterAll(async () => {
    await env?.close();
  });

  /** A fresh signed-in page on the graph, in a system colour scheme, that records every request it makes. */
  async function openGraph(colorScheme: 'light' | 'dark') {
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${env.runtime.url}/#/graphs/${encodeURIComponent(graphId)}`);
    await signInWithForm(page, env.user);
    await canvasDriver(page).node('parse-csv-1').waitFor();
    await eventually(() => page.locator(WIRE).count()).toBe(1);
    return { page, context, requests };
  }

  const panel = (page: Page) => page.getByTestId('node-help');
  const focusedNode = (page: Page) => page.evaluate(() => document.activeElement?.closest('.react-flow__node')?.getAttribute('data-id') ?? null);

  it("opens from a node's context menu beside the canvas, shows the type and its README, and Escape closes it", async () => {
    const { page, context, requests } = await openGraph('light');
    const d = canvasDriver(page);
    await d.node('parse-csv-1').locator('.sn-head').click({ button: 'right' });
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'Help for this node type' }).click();
    const help = panel(page);
    await help.waitFor();
    // The header the modal had: title, description, ports, package.
    await eventually(() => help.getByRole('heading', { level: 2 }).textContent()).toBe('Parse CSV');
    expect(await help.textContent()).toMatch(/Reads:.*Files \(files\).*Emits:.*\(table\)/s);
    // The README, rendered: its headings are headings, its option table a table.
    const readme = page.getByTestId('node-help-readme');
    await readme.getByRole('heading', { name: 'Options' }).waitFor();
    await readme.getByRole('heading', { name: '@sluice/node-parse-csv' }).waitFor();
    expect(await readme.locator('table').count()).toBeGreaterThan(0);
    expect(await readme.locator('img, script, iframe').count()).toBe(0);
    for (const rel of await readme.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('rel')))) expect(rel).toBe('noopener noreferrer');
    // Not a modal: the canvas stays in the page and the graph's wire is still there beside the panel.
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expect(await page.locator(WIRE).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'node-help-light.png') });
    expect(await seriousA11yViolations(page, 'node-help-light'), 'serious or critical axe-core violations with node help open').toEqual([]);

    // The panel takes the focus; the canvas's keys do not act while it has it (Delete deletes no node).
    await eventually(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="node-help"]'))).toBe(true);
    await page.keyboard.press('Delete');
    expect(await d.node('parse-csv-1').count()).toBe(1);
    await page.keyboard.press('Escape');
    await eventually(() => panel(page).count()).toBe(0);
    await eventually(() => focusedNode(page)).toBe('parse-csv-1');
    // Nothing was asked of any other server: no README image, no font, nothing.
    expect(requests.filter((url) => !url.startsWith(env.runtime.url) && !url.startsWith('data:'))).toEqual([]);
    await context.close();
  });

  it('opens by keyboard (Shift+F10 on the node), closes with its Close button, and reads well in dark mode', async () => {
    const { page, context } = await openGraph('dark');
    const d = canvasDriver(page);
    await d.node('parse-csv-1').locator('.sn-head').click();
    await d.node('parse-csv-1').focus();
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('context-menu').waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Help for this node type');
    await page.keyboard.press('Enter');
    await page.getByTestId('node-help-readme').getByRole('heading', { name: 'Options' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: join(ARTIFACTS, 'node-help-dark.png') });
    expect(await lowContrastText(page, '[data-testid="node-help"]'), 'text below WCAG AA contrast in the dark help panel').toEqual([]);
    expect(await seriousA11yViolations(page, 'node-help-dark'), 'serious or critical axe-core violations with node help open, dark').toEqual([]);
    // Tab reaches the Close button, then the README (a scrollable region the keyboard can scroll).
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('node-help-close');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('role'))).resolves.toBe('region');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await eventually(() => panel(page).count()).toBe(0);
    await eventually(() => focusedNode(page)).toBe('parse-csv-1');
    await context.close();
  });
});
