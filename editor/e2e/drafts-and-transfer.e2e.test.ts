import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyGraph, serializeGraph, type GraphDocument } from '@sluice/sdk/graph';
import { canvasDriver, WIRE } from './canvas-driver.ts';
import { graphPages } from './graph-pages.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import type { Page } from './launch-browser.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/**
 * Issue 16: unfinished work is saved as a draft and only its runs are refused; a graph with a node
 * type that is not installed imports as a draft with a placeholder keeping its config; exports carry
 * only non-default values; importing your own export asks "replace" or "copy".
 */
describe('drafts, placeholders and graph files, in Chromium', () => {
  let env: E2eEnv;
  let page: Page;
  let versions: Record<string, number> = {};

  beforeAll(async () => {
    env = await startE2eEnv('drafts');
    const list = (await (await env.api('/api/node-types')).json()) as { items: { type: string; version: number }[] };
    versions = Object.fromEntries(list.items.map((t) => [t.type, t.version]));
    ({ page } = await env.openSignedIn());
    page.on('dialog', (d) => void d.accept().catch(() => {}));
  });

  afterAll(async () => {
    await env?.close();
  });

  const node = (type: string, x: number, config: Record<string, unknown> = {}) => ({ type, typeVersion: versions[type] ?? 1, position: { x, y: 0 }, config });
  const wire = (a: string, b: string) => ({ from: { node: a, port: 'files' }, to: { node: b, port: 'files' } });

  const { createGraph, openFresh } = graphPages(
    () => env,
    () => page,
  );

  const notice = () => page.getByTestId('notice').textContent();
  const save = () => page.getByRole('button', { name: 'Save (Ctrl+S)' }).click();
  const clickPane = () => page.locator('.react-flow__pane').click({ position: { x: 10, y: 300 } });

  it('saves a graph with a cleared required field and an unwired input as a draft, lists its problems and refuses its run naming the node', async () => {
    const folder = join(env.landingDir, 'draft');
    mkdirSync(folder, { recursive: true });
    const id = await createGraph({
      ...emptyGraph('Half built'),
      nodes: { 'source-local-1': node('source-local', 0, { folder }), 'checkpoint-1': node('checkpoint', 320), 'decompress-1': node('decompress', 640) },
      edges: [wire('source-local-1', 'checkpoint-1'), wire('checkpoint-1', 'decompress-1')],
    });
    await openFresh(id, 'Half built');
    const d = canvasDriver(page);
    // Half-built: the folder cleared, the last wire removed.
    await d.select('source-local-1');
    await d.fill('folder', '');
    await page.locator(WIRE).nth(1).click({ force: true });
    await page.keyboard.press('Delete');
    await eventually(() => page.locator(WIRE).count()).toBe(1);
    await save();
    await eventually(notice).toMatch(/Saved “Half built” as a draft: it cannot run until its 2 problems are fixed/);
    await eventually(() => page.getByTestId('dirty-mark').count()).toBe(0);
    const stored = (await (await env.api(`/api/graphs/${id}`)).json()) as { document: GraphDocument; problems: unknown[] };
    expect(stored.document.edges).toHaveLength(1);
    expect(stored.problems).toHaveLength(2);
    const list = page.getByTestId('problem-list');
    await eventually(() => list.locator('li').allTextContents()).toEqual([
      expect.stringMatching(/^Local folderfolder: /),
      expect.stringMatching(/^Decompressinput "files" is not connected/),
    ]);
    await eventually(() => page.locator('.graph-list li', { hasText: 'Half built' }).locator('.draft-badge').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'draft-problems.png') });
    await clickPane();
    await page.getByTestId('run').click();
    await eventually(notice).toMatch(
      new RegExp(
        `The run was refused: graph "${id}" is a draft and cannot run until it is finished: node "source-local-1" \\(source-local\\), setting "folder": .*input "files" of node "decompress-1" \\(decompress\\) is not connected`,
      ),
    );
    // Choosing a problem selects its node.
    await list.getByRole('button', { name: 'Decompress' }).click();
    await eventually(() => page.getByTestId('inspector').count()).toBe(1);
    await eventually(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('decompress-1');
  });

  it('imports a node of a type not installed as a placeholder that keeps its config through a save and an export', async () => {
    const klingon = { type: '@acme/parse-klingon', typeVersion: 3, position: { x: 320, y: 0 }, config: { glyphs: ['qa', 'tlh'], strict: true } };
    const doc: GraphDocument = {
      ...emptyGraph('With a placeholder'),
      nodes: { 'source-local-1': node('source-local', 0, { folder: env.landingDir }), 'klingon-1': klingon },
      edges: [wire('source-local-1', 'klingon-1')],
    };
    const file = join(ARTIFACTS, 'placeholder.sluice.json');
    writeFileSync(file, serializeGraph(doc));
    await page.getByTestId('import-input').setInputFiles(file);
    await eventually(notice).toMatch(/Imported placeholder\.sluice\.json as the new graph “With a placeholder”, as a draft/);
    await eventually(() => page.getByTestId('placeholder-klingon-1').textContent()).toMatch(/plugin type “@acme\/parse-klingon” is not installed/);
    await eventually(() => page.getByTestId('problem-list').textContent()).toMatch(/unknown node type "@acme\/parse-klingon": no installed plugin provides it/);
    // Its wire stays drawn, into the port the wire names.
    await eventually(() => canvasDriver(page).handle('klingon-1', 'files', 'target').count()).toBe(1);
    await eventually(() => page.locator(WIRE).count()).toBe(1);
    await canvasDriver(page).select('klingon-1');
    expect(JSON.parse((await page.getByTestId('placeholder-config').textContent()) ?? '')).toEqual(klingon.config);
    await page.screenshot({ path: join(ARTIFACTS, 'placeholder-node.png') });
    // Moved and saved: the placeholder's type, version, config and wire are as they came.
    await canvasDriver(page).select('source-local-1');
    await canvasDriver(page).fill('patterns', '*.csv');
    await save();
    await eventually(notice).toMatch(/as a draft/);
    await clickPane();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const exported = join(ARTIFACTS, 'placeholder-exported.sluice.json');
    await download.saveAs(exported);
    const back = JSON.parse(readFileSync(exported, 'utf8')) as GraphDocument;
    expect(back.nodes['klingon-1']).toEqual(klingon);
    expect(back.edges).toEqual(doc.edges);
  });

  it('downloads only non-default config values, and asks "replace" or "copy" when the export comes back', async () => {
    const folder = join(env.landingDir, 'lean');
    mkdirSync(folder, { recursive: true });
    // Every default written out, as the editor's new nodes hold them.
    const types = (await (await env.api('/api/node-types')).json()) as { items: { type: string; defaults: Record<string, unknown> }[] };
    const defaults = (t: string) => types.items.find((i) => i.type === t)!.defaults;
    const id = await createGraph({
      ...emptyGraph('Lean export'),
      nodes: {
        'source-local-1': node('source-local', 0, { folder, patterns: ['*.csv'], recursive: true, mode: 'all' }),
        'decompress-1': node('decompress', 320, { ...defaults('decompress'), maxRatio: 50 }),
      },
      edges: [wire('source-local-1', 'decompress-1')],
    });
    await openFresh(id, 'Lean export');
    await clickPane();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const file = join(ARTIFACTS, 'lean-export.sluice.json');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    const lean = JSON.parse(text) as GraphDocument;
    expect(lean.nodes['source-local-1']!.config).toEqual({ folder, patterns: ['*.csv'] });
    expect(lean.nodes['decompress-1']!.config).toEqual({ maxRatio: 50 });
    expect(await (await env.api(`/api/graphs/${id}/export`)).text()).toBe(text);

    // The export brought back: the editor asks; "copy" adds "Lean export (2)" with the defaults filled in again.
    await page.getByTestId('import-input').setInputFiles(file);
    const dialog = page.getByTestId('import-choice');
    await eventually(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toMatch(/A graph named “Lean export” exists.*Add as “Lean export \(2\)”/);
    await page.screenshot({ path: join(ARTIFACTS, 'import-choice.png') });
    await page.getByTestId('import-copy').click();
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe('Lean export (2)');
    await eventually(() => page.locator('.graph-list li', { hasText: /^Lean export/ }).count()).toBe(2);
    const copyId = decodeURIComponent(new URL(page.url()).hash.replace('#/graphs/', ''));
    expect(copyId).not.toBe(id);
    const copy = (await (await env.api(`/api/graphs/${copyId}`)).json()) as { document: GraphDocument };
    expect(copy.document.nodes['decompress-1']!.config).toEqual({ ...defaults('decompress'), maxRatio: 50 });

    // Again, "replace": no third graph; the first one takes the file (its revision grows).
    await page.getByTestId('import-input').setInputFiles(file);
    await eventually(() => dialog.isVisible()).toBe(true);
    await page.getByTestId('import-replace').click();
    await eventually(notice).toMatch(/Imported lean-export\.sluice\.json in place of the graph “Lean export”/);
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe('Lean export');
    expect(await page.locator('.graph-list li', { hasText: /^Lean export/ }).count()).toBe(2);
    expect(((await (await env.api(`/api/graphs/${id}`)).json()) as { revision: number }).revision).toBe(2);
  });
});
