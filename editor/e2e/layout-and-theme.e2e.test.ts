import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyGraph, type GraphDocument } from '@sluice/sdk/graph';
import { SHORTCUTS } from '../src/canvas/editor-shortcuts.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import type { Page } from './launch-browser.ts';
import { canvasDriver } from './canvas-driver.ts';
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
  it('the preview stays in view under the settings while the parser options change', async () => {
    const { page, context, errors } = await openAt(1440, 900);
    const d = canvasDriver(page);
    await d.select('parse-csv-1');
    const sample = join(ARTIFACTS, 'layout-sample.csv');
    writeFileSync(sample, 'order_id;customer\n1;ann\n2;bob\n');
    await page.locator('[data-testid="preview-panel"] input[type=file]').setInputFiles(sample);
    const table = page.getByTestId('preview-table');
    await eventually(() => table.locator('th').count()).toBe(1);
    const delimiter = page.locator('[data-testid="inspector"] [data-field="delimiter"] input');
    // Both in view at once, one above the other, without overlapping.
    expect(await delimiter.isVisible()).toBe(true);
    expect(await table.isVisible()).toBe(true);
    const [field, rows] = [await delimiter.boundingBox(), await table.boundingBox()];
    expect(field!.y + field!.height).toBeLessThanOrEqual(rows!.y);
    expect(rows!.y).toBeLessThan(900);
    await delimiter.fill(';');
    await eventually(() => table.locator('th').count()).toBe(2);
    expect(await delimiter.isVisible()).toBe(true);
    await shot(page, '1440-light-preview');
    // Collapsed, the preview keeps its sample and still follows the settings.
    await page.getByTestId('toggle-preview').click();
    expect(await table.isVisible()).toBe(false);
    await delimiter.fill(',');
    await page.getByTestId('toggle-preview').click();
    await eventually(() => table.locator('th').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('panels resize by pointer and keyboard, collapse, and keep their sizes in this browser', async () => {
    const { page, context } = await openAt(1440, 900);
    const width = async (testId: string) => (await page.getByTestId(testId).boundingBox())?.width ?? 0;
    expect(await width('column-side')).toBe(250);
    expect(await width('column-panel')).toBe(360);
    // Drag the sidebar's edge 80 px to the right.
    const edge = (await page.getByTestId('splitter-side').boundingBox())!;
    await page.mouse.move(edge.x + 3, edge.y + 300);
    await page.mouse.down();
    await page.mouse.move(edge.x + 83, edge.y + 300, { steps: 8 });
    await page.mouse.up();
    expect(await width('column-side')).toBe(330);
    // The panel's edge by keyboard: two steps wider (leftwards, away from the canvas), then Shift for a big step narrower.
    await page.getByTestId('splitter-panel').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await width('column-panel')).toBe(392);
    await page.keyboard.press('Shift+ArrowRight');
    expect(await width('column-panel')).toBe(328);
    expect(await page.getByTestId('splitter-panel').getAttribute('aria-valuenow')).toBe('328');
    // The preview's height, by keyboard.
    await canvasDriver(page).select('parse-csv-1');
    const dock = page.locator('#preview-dock-body');
    const before = (await dock.boundingBox())!.height;
    await page.getByTestId('splitter-preview').focus();
    await page.keyboard.press('ArrowUp');
    expect((await dock.boundingBox())!.height).toBe(before + 16);
    // Collapse the sidebar with Enter on its splitter: the canvas takes the room.
    const canvasBefore = (await page.locator('.main').boundingBox())!.width;
    await page.getByTestId('splitter-side').focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('column-side').isVisible()).toBe(false);
    expect((await page.locator('.main').boundingBox())!.width).toBe(canvasBefore + 330);
    await shot(page, '1440-light-sidebar-collapsed');

    // A reload keeps all of it.
    await page.reload();
    await page.getByTestId('account-name').waitFor();
    await page.locator('.react-flow__node[data-id="parse-csv-1"]').waitFor();
    expect(await page.getByTestId('column-side').isVisible()).toBe(false);
    expect(await width('column-panel')).toBe(328);
    await page.getByTestId('toggle-side').click();
    expect(await width('column-side')).toBe(330);
    await canvasDriver(page).select('parse-csv-1');
    expect((await dock.boundingBox())!.height).toBe(before + 16);
    await context.close();
  });

  /** What must hold at any width: no horizontal scroll, the top bar's buttons in view, the three columns side by side. */
  async function expectNothingCutOff(page: Page, width: number) {
    const layout = await page.evaluate(() => {
      const box = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().toJSON() as DOMRect | undefined;
      const buttons = [...document.querySelectorAll('.topbar button, .topbar input')].map((b) => {
        const r = b.getBoundingClientRect();
        return { name: b.getAttribute('aria-label') ?? b.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      });
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className}`);
      return { wide, scroll: document.documentElement.scrollWidth, side: box('#column-side'), main: box('.main'), panel: box('#column-panel'), buttons };
    });
    expect(layout.scroll, `wider than the window: ${layout.wide.join(', ')}`).toBeLessThanOrEqual(width);
    for (const b of layout.buttons) {
      expect(b.left, `${b.name} is cut off`).toBeGreaterThanOrEqual(0);
      expect(b.right, `${b.name} is cut off`).toBeLessThanOrEqual(width);
      expect(b.bottom, `${b.name} wraps below the top bar`).toBeLessThanOrEqual(48);
    }
    const sorted = [...layout.buttons].sort((a, b) => a.left - b.left);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]!.left, `${sorted[i]!.name} overlaps ${sorted[i - 1]!.name}`).toBeGreaterThanOrEqual(sorted[i - 1]!.right - 0.5);
    expect(layout.side!.right).toBeLessThanOrEqual(layout.main!.left);
    expect(layout.main!.right).toBeLessThanOrEqual(layout.panel!.left);
    expect(layout.main!.width).toBeGreaterThanOrEqual(280);
    expect(layout.panel!.right).toBeLessThanOrEqual(width);
  }

  for (const [width, height] of [
    [1024, 768],
    [768, 1024],
  ] as const) {
    it(`at ${width} px wide nothing that matters overlaps or is cut off, in light and dark`, async () => {
      for (const scheme of ['light', 'dark'] as const) {
        const { page, context } = await openAt(width, height, scheme);
        await expectNothingCutOff(page, width);
        await shot(page, `${width}-${scheme}-graph`);
        await canvasDriver(page).select('parse-csv-1');
        await expectNothingCutOff(page, width);
        // The node's settings and its preview both fit the panel.
        const panel = (await page.locator('#column-panel').boundingBox())!;
        const dock = (await page.getByTestId('preview-dock').boundingBox())!;
        expect(dock.y + dock.height).toBeLessThanOrEqual(panel.y + panel.height + 1);
        expect(await page.getByTestId('inspector').isVisible()).toBe(true);
        expect(await lowContrastText(page)).toEqual([]);
        await shot(page, `${width}-${scheme}-node`);
        await context.close();
      }
    });
  }
  it('tables name nodes by their labels, not their ids: run figures, log and checkpoints', async () => {
    writeFileSync(join(env.landingDir, 'partner-01.csv'), 'order_id,amount\n1,2.5\n2,3.5\n');
    const { page, context } = await openAt(1440, 900);
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 200 } });
    await page.getByTestId('run').click();
    await eventually(() => page.getByTestId('topbar-run-status').textContent(), 60_000).toBe('succeeded');
    const figures = page.locator('table.figures tbody tr');
    await eventually(() => figures.count()).toBe(4);
    // Named nodes by their label, unnamed ones by their type's title; the id stays on hover.
    const cells = await figures.locator('td:first-child').allInnerTexts();
    expect(cells).toEqual(['Partner drop folder', 'Checkpoint', 'Partner rows', 'Bronze table']);
    expect(await figures.first().locator('.node-name').getAttribute('title')).toBe('source-local-1');
    const log = await page.locator('.log-list .log-meta').allInnerTexts();
    expect(log.join('\n')).not.toMatch(/source-local-1|parse-csv-1|bronze-sink-1/);
    expect(log.join('\n')).toMatch(/Partner rows|Partner drop folder|Bronze table/);
    await page.getByTestId('tab-checkpoints').click();
    await eventually(() => page.locator('.checkpoints tbody tr').count()).toBe(1);
    expect(await page.locator('.checkpoints tbody tr').first().textContent()).toMatch(/from Partner drop folder/);
    await shot(page, '1440-light-labels');
    await context.close();
  });
});
