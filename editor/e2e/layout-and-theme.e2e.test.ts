import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyGraph, type GraphDocument } from '@sluice/sdk/graph';
import { SHORTCUTS } from '../src/canvas/editor-shortcuts.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import type { Page } from './launch-browser.ts';
import { signInWithForm } from './sign-in.ts';
import { lowContrastText } from './text-contrast.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/**
 * Issue 16's daily-use layout: the shortcut dialog, dark mode, resizable panels, the preview beside
 * the settings, node help and node labels in tables; at 1440, 1024 and 768 px, light and dark.
 */
describe('the editor for daily use: layout, theme and help, in Chromium', () => {
  let env: E2eEnv;
  let graphId = '';
  let versions: Record<string, number> = {};

  beforeAll(async () => {
    env = await startE2eEnv('layout');
    const types = (await (await env.api('/api/node-types')).json()) as
      | { nodeTypes?: { type: string; version: number }[] }
      | { type: string; version: number }[];
    versions = Object.fromEntries((Array.isArray(types) ? types : (types.nodeTypes ?? [])).map((t) => [t.type, t.version]));
    const node = (type: string, x: number, y: number, config: Record<string, unknown> = {}, name?: string) => ({
      type,
      typeVersion: versions[type] ?? 1,
      position: { x, y },
      config,
      ...(name ? { name } : {}),
    });
    const doc: GraphDocument = {
      ...emptyGraph('Partner CSV'),
      nodes: {
        'source-local-1': node('source-local', 0, 0, { folder: env.landingDir, patterns: ['*.csv'] }, 'Partner drop folder'),
        'checkpoint-1': node('checkpoint', 320, 0),
        'parse-csv-1': node('parse-csv', 320, 260, {}, 'Partner rows'),
        'bronze-sink-1': node('bronze-sink', 640, 260, { table: 'partner_sales' }),
      },
      edges: [
        { from: { node: 'source-local-1', port: 'files' }, to: { node: 'checkpoint-1', port: 'files' } },
        { from: { node: 'checkpoint-1', port: 'files' }, to: { node: 'parse-csv-1', port: 'files' } },
        { from: { node: 'parse-csv-1', port: 'table' }, to: { node: 'bronze-sink-1', port: 'table' } },
      ],
    };
    const res = await env.api('/api/graphs', { method: 'POST', body: JSON.stringify({ name: doc.name, document: doc }) });
    const body = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    graphId = body.id;
  });

  afterAll(async () => {
    await env?.close();
  });

  /** A fresh browser context (its own storage) at a viewport and system colour scheme, signed in, on the graph. */
  async function openAt(width: number, height: number, colorScheme: 'light' | 'dark' = 'light') {
    const context = await env.browser.newContext({ viewport: { width, height }, colorScheme });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.runtime.url}/#/graphs/${encodeURIComponent(graphId)}`);
    await signInWithForm(page, env.user);
    await page.locator('.react-flow__node[data-id="parse-csv-1"]').waitFor();
    return { page, context, errors };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `layout-${name}.png`) });
  const select = async (page: Page, id: string) => {
    await page.locator(`.react-flow__node[data-id="${id}"] .sn-head`).click();
    await page.getByTestId('inspector').waitFor();
  };

  it('? opens the keyboard-shortcut dialog, which lists the shortcuts the keyboard handler uses', async () => {
    const { page, context } = await openAt(1440, 900);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Shift+Slash');
    const dialog = page.getByTestId('shortcuts-dialog');
    await eventually(() => dialog.isVisible()).toBe(true);
    const rows = await dialog.locator('tr').allInnerTexts();
    expect(rows).toHaveLength(SHORTCUTS.length);
    expect(rows.some((r) => /Ctrl\+S\s+Save/.test(r))).toBe(true);
    // A key that is a canvas shortcut does nothing while the dialog is open.
    await page.keyboard.press('l');
    await page.keyboard.press('Escape');
    await eventually(() => dialog.isVisible()).toBe(false);
    expect(await page.getByTestId('dirty-mark').count()).toBe(0);
    // The toolbar's "?" opens the same list.
    await page.getByTestId('open-shortcuts').click();
    await eventually(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await eventually(() => dialog.isVisible()).toBe(false);
    await context.close();
  });

  it('dark mode follows the system, a toggle is remembered, and every screen is readable in both', async () => {
    const { page, context, errors } = await openAt(1440, 900, 'dark');
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const canvasBg = () => page.locator('.react-flow').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await theme()).toBe('dark');
    // xyflow's pane and controls follow the theme through CSS variables.
    expect(await canvasBg()).toBe('rgb(11, 17, 32)');
    expect(
      await page
        .locator('.react-flow__controls-button')
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ).not.toBe('rgb(254, 254, 254)');

    // The check itself sees a faint text (so that an empty list below means something). Styled
    // through the CSSOM: the runtime's CSP refuses inline style attributes.
    await page.evaluate(() => {
      const probe = document.createElement('p');
      probe.id = 'probe';
      probe.textContent = 'probe';
      Object.assign(probe.style, { position: 'fixed', top: '0', left: '0', color: '#333', background: '#222' });
      document.body.append(probe);
    });
    expect((await lowContrastText(page)).map((f) => f.text)).toEqual(['probe']);
    await page.evaluate(() => document.getElementById('probe')?.remove());
    const readable = async (label: string) => {
      expect(await lowContrastText(page), `${label}: text below WCAG AA contrast`).toEqual([]);
    };
    await readable('dark, graph panel');
    await shot(page, '1440-dark-graph');
    await select(page, 'parse-csv-1');
    await readable('dark, parse node settings');
    await shot(page, '1440-dark-node');
    await page.getByTestId('open-shortcuts').click();
    await readable('dark, shortcut dialog');
    await page.keyboard.press('Escape');

    // The toggle: light now, and after a reload too, although the system is dark.
    await page.getByTestId('theme-toggle').click();
    expect(await theme()).toBe('light');
    expect(await canvasBg()).toBe('rgb(248, 250, 252)');
    await page.reload();
    await page.getByTestId('account-name').waitFor();
    expect(await theme()).toBe('light');
    await page.locator('.react-flow__node[data-id="parse-csv-1"]').waitFor();
    await readable('light, graph panel');
    await select(page, 'parse-csv-1');
    await readable('light, parse node settings');
    await shot(page, '1440-light-node');

    // Toggled back, the choice is forgotten: the system's theme rules again.
    await page.getByTestId('theme-toggle').click();
    expect(await theme()).toBe('dark');
    expect(await page.evaluate(() => localStorage.getItem('sluice.theme'))).toBeNull();
    await page.emulateMedia({ colorScheme: 'light' });
    await eventually(theme).toBe('light');
    expect(errors).toEqual([]);
    await context.close();
  });
});
