import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGraphDocument, serializeGraph } from '@sluice/sdk/graph';
import { canvasDriver, WIRE } from './canvas-driver.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { writeLandingFiles } from './landing-files.ts';
import { callWebhook, setWebhookInEditor } from './webhook-trigger.ts';

// Polls wait longer than vitest's 1 s default: the suite shares two cores with everything else.
const eventually = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

describe('the editor, in Chromium, against the real runtime', () => {
  let env: E2eEnv;
  let rows = 0;

  beforeAll(async () => {
    env = await startE2eEnv('e2e');
    rows = writeLandingFiles(env.landingDir, 3, 40);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('builds the example pipeline from an empty canvas, runs it, exports and imports it', async () => {
    // Signed in through the login form by a user with a password (the runtime has SLUICE_API_TOKEN set).
    const { page, consoleErrors } = await env.openSignedIn();
    const notFound: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 404) notFound.push(r.url());
    });
    const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    const d = canvasDriver(page);

    // An empty runtime: create a graph, see the empty canvas.
    await page.getByTestId('new-graph').click();
    await page.locator('.canvas-empty').waitFor();
    await eventually(() => page.locator('.graph-list li.active').textContent()).toMatch(/^Untitled graph/);
    await shot('01-empty-canvas');

    // Drag the five nodes of the example from the palette.
    const placed: [string, { x: number; y: number }][] = [
      ['source-local', { x: 150, y: 140 }],
      ['checkpoint', { x: 430, y: 140 }],
      ['decompress', { x: 710, y: 140 }],
      ['parse-csv', { x: 430, y: 380 }],
      ['bronze-sink', { x: 710, y: 380 }],
    ];
    for (const [type, at] of placed) {
      await d.dragFromPalette(type, at);
      await d.node(`${type}-1`).waitFor();
    }
    expect(await page.locator('.react-flow__node').count()).toBe(5);

    // A wrong wiring: files into a table input is refused, and the canvas says why.
    await d.wire({ node: 'source-local-1', port: 'files' }, { node: 'bronze-sink-1', port: 'table' });
    await eventually(() => page.getByTestId('connection-refused').textContent()).toMatch(/"files" output cannot feed a "table" input/);
    expect(await page.locator(WIRE).count()).toBe(0);
    await shot('02-refused-wire');

    // The right wiring, handle to handle.
    await d.wire({ node: 'source-local-1', port: 'files' }, { node: 'checkpoint-1', port: 'files' });
    await d.wire({ node: 'checkpoint-1', port: 'files' }, { node: 'decompress-1', port: 'files' });
    await d.wire({ node: 'decompress-1', port: 'files' }, { node: 'parse-csv-1', port: 'files' });
    await d.wire({ node: 'parse-csv-1', port: 'table' }, { node: 'bronze-sink-1', port: 'table' });
    await eventually(() => page.locator(WIRE).count()).toBe(4);

    // Keyboard: copy, paste, undo, redo, multi-select and delete, auto layout.
    const nodes = () => page.locator('.react-flow__node').count();
    await d.select('source-local-1');
    await page.locator('.react-flow__pane').hover();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await eventually(nodes).toBe(6);
    await d.node('source-local-2').waitFor();
    await page.keyboard.press('Control+z');
    await eventually(nodes).toBe(5);
    await page.keyboard.press('Control+Shift+z');
    await eventually(nodes).toBe(6);
    await page.keyboard.press('Delete');
    await eventually(nodes).toBe(5);
    expect(await page.locator(WIRE).count()).toBe(4);
    await d.node('checkpoint-1').locator('.sn-head').click();
    await page.keyboard.down('Control');
    await d.node('decompress-1').locator('.sn-head').click();
    await page.keyboard.up('Control');
    await eventually(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    const before = await d.node('parse-csv-1').boundingBox();
    await page.keyboard.press('l');
    await eventually(async () => JSON.stringify(await d.node('parse-csv-1').boundingBox())).not.toBe(JSON.stringify(before));
    await shot('02b-auto-layout');

    // Forms: the source's folder and pattern, the sink's table.
    await d.select('source-local-1');
    // A new node is not greeted with "Required" under every empty field (issue 16): the canvas node lists what is missing.
    expect(await d.field('folder').locator('.field-error').count()).toBe(0);
    await eventually(() => d.node('source-local-1').locator('.sn-problems').textContent()).toMatch(/folder: Required/);
    await d.fill('folder', env.landingDir);
    await d.fill('patterns.0', '*.csv.gz');
    await eventually(() => d.field('folder').locator('.field-error').count()).toBe(0);
    await d.select('bronze-sink-1');
    await d.fill('table', 'orders');

    // Preview: a sample parsed by the runtime with the node's settings, refreshed as they change.
    await d.select('parse-csv-1');
    const sample = join(ARTIFACTS, 'sample.csv');
    writeFileSync(sample, 'order_id;customer\n1;ann\n2;bob\n');
    await page.locator('[data-testid="preview-panel"] input[type=file]').setInputFiles(sample);
    await eventually(() => page.locator('[data-testid="preview-table"] th').allInnerTexts()).toEqual([expect.stringMatching(/^order_id;customer/)]);
    // The preview stays in view under the settings while they change (issue 16).
    await d.fill('delimiter', ';');
    await eventually(() => page.locator('[data-testid="preview-table"] th').count()).toBe(2);
    await shot('03-preview');
    await d.fill('delimiter', ',');

    // An invalid config: the form says so at once, and the runtime refuses to run it, naming the field.
    await d.select('parse-csv-1');
    await d.fill('skipRows', '-1');
    await eventually(() => d.field('skipRows').locator('.field-error').textContent()).toBe('Must be at least 0');
    await eventually(() => d.node('parse-csv-1').locator('.sn-problems').textContent()).toMatch(/skipRows/);
    await shot('04-invalid-config');
    await page.getByTestId('run').click();
    await eventually(() => page.getByTestId('notice').textContent()).toMatch(/skipRows/);
    await d.fill('skipRows', '0');
    await eventually(() => d.field('skipRows').locator('.field-error').count()).toBe(0);

    // Save: the unsaved mark goes away.
    await page.getByTestId('graph-name').fill('Orders landing');
    await eventually(() => page.getByTestId('dirty-mark').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save (Ctrl+S)' }).click();
    await eventually(() => page.getByTestId('dirty-mark').count()).toBe(0);

    // Run: the row counts appear on the canvas, live, and the run succeeds.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.getByTestId('run').click();
    await eventually(() => d.node('bronze-sink-1').locator('.sn-rows').textContent(), 60_000).toBe(`${rows} rows`);
    await eventually(() => page.getByTestId('run-status').first().textContent(), 60_000).toBe('succeeded');
    // Parse nodes hand on lazy frames: rows are counted where they land, and in the run's total.
    expect(await page.getByTestId('run-rows').textContent()).toBe(String(rows));
    await shot('05-run-succeeded');

    // Preview a file of the upstream source by its key, parsed with the node's settings.
    await d.select('parse-csv-1');
    // The key is offered from the source's own listing, not only typed.
    await eventually(() => page.locator('#preview-keys option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toContain(
      'orders-01.csv.gz',
    );
    await page.locator('#preview-key').fill('orders-01.csv.gz');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await eventually(() => page.locator('[data-testid="preview-table"] th').allInnerTexts()).toEqual([
      expect.stringMatching(/^order_id/),
      expect.stringMatching(/^customer/),
      expect.stringMatching(/^amount/),
      expect.stringMatching(/^ordered_at/),
    ]);
    expect(await page.locator('[data-testid="preview-table"] tbody tr').count()).toBe(40);
    await shot('05b-preview-source-file');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });

    // Export: the download is the graph, in the stable serialised form.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const exported = join(ARTIFACTS, 'orders-landing.sluice.json');
    await download.saveAs(exported);
    const text = readFileSync(exported, 'utf8');
    const parsed = parseGraphDocument(JSON.parse(text));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(serializeGraph(parsed.value)).toBe(text);
    expect(Object.keys(parsed.value.nodes).sort()).toEqual(['bronze-sink-1', 'checkpoint-1', 'decompress-1', 'parse-csv-1', 'source-local-1']);
    expect(parsed.value.edges).toHaveLength(4);
    // The same bytes as the runtime's own export of the saved graph.
    const graphId = decodeURIComponent(new URL(page.url()).hash.replace('#/graphs/', ''));
    expect(await (await env.api(`/api/graphs/${graphId}/export`)).text()).toBe(text);

    // An invalid file is refused with a clear message and changes nothing.
    const graphsBefore = await page.locator('.graph-list li').count();
    const broken = join(ARTIFACTS, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...parsed.value, version: 7, edges: 'none' }));
    await page.getByTestId('import-input').setInputFiles(broken);
    await eventually(() => page.getByTestId('notice').textContent()).toMatch(/broken\.json is not a Sluice graph: .*version/);
    expect(await page.locator('.graph-list li').count()).toBe(graphsBefore);
    expect(await page.getByTestId('graph-name').inputValue()).toBe('Orders landing');
    await shot('06-import-refused');

    // Import the export: a new graph that runs the same, into its own Bronze table.
    const copy = join(ARTIFACTS, 'orders-copy.sluice.json');
    const copyDoc = { ...parsed.value, name: 'Orders copy' };
    copyDoc.nodes['bronze-sink-1'] = { ...copyDoc.nodes['bronze-sink-1']!, config: { ...copyDoc.nodes['bronze-sink-1']!.config, table: 'orders_copy' } };
    writeFileSync(copy, serializeGraph(copyDoc));
    await page.getByTestId('import-input').setInputFiles(copy);
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe('Orders copy');
    expect(await page.locator('.graph-list li').count()).toBe(graphsBefore + 1);
    await eventually(() => page.locator(WIRE).count()).toBe(4);
    await page.getByTestId('run').click();
    await eventually(() => d.node('bronze-sink-1').locator('.sn-rows').textContent(), 60_000).toBe(`${rows} rows`);
    await eventually(() => page.getByTestId('run-status').first().textContent(), 60_000).toBe('succeeded');
    await shot('07-imported-run');

    // A webhook trigger: set in the Triggers tab, its secret stored write-only, the URL shown;
    // a POST with the secret starts a run that appears in the history, marked as a webhook run.
    const hookUrl = await setWebhookInEditor(page, { baseUrl: env.runtime.url, path: 'orders/copy', secretRef: 'orders_hook', secret: 'e2e-hook-secret' });
    expect(hookUrl).toBe(`${env.runtime.url}/hooks/orders/copy`);
    await shot('08-webhook');
    const hook = await callWebhook(hookUrl, 'e2e-hook-secret');
    expect(hook.status, await hook.clone().text()).toBe(202);
    await page.getByTestId('tab-runs').click();
    await eventually(() => page.locator('[data-testid="run-history"] .trigger-tag').allTextContents(), 30_000).toEqual(['webhook']);

    // Files dropped on a source node go to its landing folder, when the runtime has the upload route;
    // without it, the editor says so and sends nothing.
    const openapi = (await (await env.api('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    const canUpload = '/api/graphs/{id}/nodes/{nodeId}/upload' in openapi.paths;
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['order_id,customer\n9001,zed\n'], 'dropped.csv', { type: 'text/csv' }));
      const target = document.querySelector('.react-flow__node[data-id="source-local-1"] .sn-head')!;
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    if (canUpload) {
      await eventually(() => page.getByTestId('notice').textContent()).toMatch(/Uploaded 1 file\(s\) to source-local-1/);
      // Landed whole under its own name, with no temporary upload file left beside it.
      expect(readFileSync(join(env.landingDir, 'dropped.csv'), 'utf8')).toBe('order_id,customer\n9001,zed\n');
      expect(readdirSync(env.landingDir).filter((n) => n.startsWith('.'))).toEqual([]);
    } else {
      await eventually(() => page.getByTestId('notice').textContent()).toMatch(/no upload endpoint yet: files cannot be dropped on source-local-1/);
    }

    expect(notFound).toEqual([]);
    // The refused run (invalid config) and the "who am I?" of the page before sign-in are the only
    // failed requests; Chromium logs them as console errors.
    expect(consoleErrors.filter((m) => !/Failed to load resource: the server responded with a status of (422|401)/.test(m))).toEqual([]);
  });
});
