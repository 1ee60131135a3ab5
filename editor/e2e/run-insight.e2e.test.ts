import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyGraph, type GraphDocument } from '@sluice/sdk/graph';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';
import { loadGraphAddress } from './graph-pages.ts';
import { writeLandingFiles } from './landing-files.ts';
import type { Page } from './launch-browser.ts';

const eventually = <T>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout, interval: 100 });

/**
 * Issue 16, "follow the latest run", "see what landed" and "errors on the node where they
 * happened": what a run started elsewhere, and what it landed or failed on, looks like on the canvas.
 */
describe('runs on the canvas: followed live, what landed, where it failed (Chromium)', () => {
  let env: E2eEnv;
  let page: Page;
  let versions: Record<string, number> = {};

  beforeAll(async () => {
    env = await startE2eEnv('run-insight');
    const { items } = (await (await env.api('/api/node-types')).json()) as { items: { type: string; version: number }[] };
    versions = Object.fromEntries(items.map((t) => [t.type, t.version]));
    ({ page } = await env.openSignedIn());
    page.on('dialog', (d) => void d.accept().catch(() => {}));
  });

  afterAll(async () => {
    await env?.close();
  });

  /** source-local-1 -> decompress-1 -> parse-csv-1 -> bronze-sink-1 over `folder`, with an optional webhook. */
  function pipeline(name: string, folder: string, table: string, hook?: string): GraphDocument {
    const node = (type: string, x: number, y: number, config: Record<string, unknown> = {}) => ({
      type,
      typeVersion: versions[type] ?? 1,
      position: { x, y },
      config,
    });
    const chain = ['source-local-1', 'decompress-1', 'parse-csv-1', 'bronze-sink-1'];
    return {
      ...emptyGraph(name),
      nodes: {
        'source-local-1': node('source-local', 0, 0, { folder, patterns: ['*.csv.gz'] }),
        'decompress-1': node('decompress', 320, 0),
        'parse-csv-1': node('parse-csv', 0, 260),
        'bronze-sink-1': node('bronze-sink', 320, 260, { table }),
      },
      edges: chain.slice(1).map((to, i) => ({
        from: { node: chain[i]!, port: i === 2 ? 'table' : 'files' },
        to: { node: to, port: i === 2 ? 'table' : 'files' },
      })),
      ...(hook ? { settings: { triggers: { webhook: { enabled: true, path: hook, auth: 'bearer' as const, secretRef: 'insight_hook' } } } } : {}),
    };
  }

  async function createGraph(doc: GraphDocument): Promise<string> {
    const res = await env.api('/api/graphs', { method: 'POST', body: JSON.stringify({ name: doc.name, document: doc }) });
    const body = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    return body.id;
  }

  async function open(id: string, name: string) {
    await loadGraphAddress(page, env.runtime.url, id);
    await eventually(() => page.locator('.graph-list li', { hasText: name }).count()).toBe(1);
    if ((await page.getByTestId('graph-name').inputValue()) !== name) await page.locator('.graph-list li', { hasText: name }).locator('button').first().click();
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe(name);
  }

  async function postHook(path: string): Promise<string> {
    const res = await fetch(`${env.runtime.url}/hooks/${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer hook-secret', 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await res.json()) as { runId: string };
    expect(res.status, JSON.stringify(body)).toBe(202);
    return body.runId;
  }

  async function finished(runId: string) {
    await eventually(async () => ((await (await env.api(`/api/runs/${runId}`)).json()) as { status: string }).status, 60_000).toMatch(
      /succeeded|failed|cancelled/,
    );
  }

  const folder = (name: string) => {
    const dir = join(env.landingDir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const shownRunId = () => page.getByTestId('run-id').textContent();
  const nodeState = (id: string) => page.locator(`[data-testid="node-${id}"] .sn-stats`).getAttribute('data-state');

  it('follows a run a webhook started live on the canvas; with following off, it does not take over', async () => {
    const dir = folder('hooked');
    writeLandingFiles(dir, 3, 400);
    const put = await env.api('/api/credentials/insight_hook', { method: 'PUT', body: JSON.stringify({ value: 'hook-secret' }) });
    expect(put.status).toBeLessThan(300);
    const id = await createGraph(pipeline('Hooked', dir, 'hooked', 'insight/orders'));
    await open(id, 'Hooked');
    await expect.poll(() => page.getByTestId('follow-latest-run').isChecked()).toBe(true);
    // Nothing shown yet: no run has happened.
    expect(await page.locator('[data-testid="node-bronze-sink-1"] .sn-stats').count()).toBe(0);

    const first = await postHook('insight/orders');
    await eventually(shownRunId).toBe(first);
    await eventually(() => page.getByTestId('run-trigger').textContent()).toBe('webhook');
    await eventually(() => page.locator('[data-testid="node-bronze-sink-1"] .sn-rows').textContent(), 60_000).toMatch(/1,200 rows|1200 rows/);
    await eventually(() => nodeState('bronze-sink-1')).toBe('done');
    await page.screenshot({ path: join(ARTIFACTS, 'follow-webhook-run.png') });

    // Off: a new webhook run finishes and is listed in the history, but the canvas keeps the first.
    await page.getByTestId('follow-latest-run').uncheck();
    const second = await postHook('insight/orders');
    await finished(second);
    await eventually(() => page.locator('[data-testid="run-history"] li').count(), 15_000).toBe(2);
    expect(await shownRunId()).toBe(first);
    // The choice holds after a reload, and on again the next run is followed.
    await page.reload();
    await eventually(() => page.getByTestId('graph-name').inputValue()).toBe('Hooked');
    expect(await page.getByTestId('follow-latest-run').isChecked()).toBe(false);
    await page.getByTestId('follow-latest-run').check();
    const third = await postHook('insight/orders');
    await eventually(shownRunId).toBe(third);
  });

  it('shows what a run landed in Bronze: rows, the files they came from, and the first rows read back', async () => {
    const dir = folder('landed');
    writeLandingFiles(dir, 2, 30);
    const id = await createGraph(pipeline('Landed', dir, 'landed_orders'));
    await open(id, 'Landed');
    await page.getByTestId('run').click();
    await eventually(() => page.getByTestId('run-details').getByTestId('run-status').textContent(), 60_000).toBe('succeeded');
    await eventually(() => page.getByTestId('landed-rows-bronze-sink-1').textContent()).toBe('60');
    // Named by its label (here its type's title), not its id, as every table of a run names nodes.
    expect(await page.getByTestId('landed-bronze-sink-1').textContent()).toMatch(/^Bronze table: 60 rows into file:\/\/.*\/bronze\/landed_orders/);
    expect((await page.getByTestId('landed-files-bronze-sink-1').locator('li .mono').allTextContents()).sort()).toEqual([
      'orders-01.csv.gz',
      'orders-02.csv.gz',
    ]);
    const sample = page.getByTestId('landed-sample-bronze-sink-1');
    expect(await sample.locator('tbody tr').count()).toBe(10);
    const header = (await sample.locator('thead th').allTextContents()).join(' ');
    expect(header).toMatch(/order_id/);
    expect(header).toMatch(/_source_file/);
    // Read back from the table: each row as the CSV had it (customer-<id mod 17>, landing-files.ts).
    const names = await sample.locator('thead th').evaluateAll((ths) => ths.map((th) => th.firstChild?.textContent ?? ''));
    for (const row of await sample.locator('tbody tr').all()) {
      const cells = await row.locator('td').allTextContents();
      const orderId = Number(cells[names.indexOf('order_id')]);
      expect(orderId).toBeGreaterThanOrEqual(1);
      expect(orderId).toBeLessThanOrEqual(60);
      expect(cells[names.indexOf('customer')]).toBe(`customer-${orderId % 17}`);
    }
    await page.getByTestId('landed').screenshot({ path: join(ARTIFACTS, 'landed-sample.png') });
  });

  it('shows a truncated gzip on the decompress node, red, and the nodes after it neither red nor green', async () => {
    const dir = folder('truncated');
    const whole = gzipSync('order_id,amount\n' + Array.from({ length: 3000 }, (_, i) => `${i},${i * 2}`).join('\n'));
    writeFileSync(join(dir, 'cut.csv.gz'), whole.subarray(0, whole.length - 300));
    const id = await createGraph(pipeline('Truncated', dir, 'truncated'));
    await open(id, 'Truncated');
    await page.getByTestId('run').click();
    await eventually(() => page.getByTestId('run-details').getByTestId('run-status').textContent(), 60_000).toBe('failed');
    await eventually(() => nodeState('decompress-1')).toBe('failed');
    expect(await page.getByTestId('node-decompress-1').getAttribute('class')).toMatch(/run-failed/);
    await eventually(() => page.getByTestId('run-errors-decompress-1').textContent()).toMatch(/cut\.csv\.gz: the gzip data is truncated/);
    // The parser read the broken stream, but the failure is not its own; nothing reached the sink.
    expect(await page.getByTestId('run-errors-parse-csv-1').count()).toBe(0);
    for (const after of ['parse-csv-1', 'bronze-sink-1']) {
      expect(await nodeState(after), after).toBe('skipped');
      expect(await page.getByTestId(`node-${after}`).getAttribute('class'), after).not.toMatch(/run-(done|failed)/);
    }
    expect(await nodeState('source-local-1')).toBe('done');
    await page.screenshot({ path: join(ARTIFACTS, 'error-on-its-node.png') });
  });

  it('leaves the nodes after a source that failed as a whole neither red nor green', async () => {
    const dir = folder('vanishing');
    const id = await createGraph(pipeline('Vanishing', dir, 'vanishing'));
    await open(id, 'Vanishing');
    // The folder goes after the graph was checked: the source fails when it lists it.
    rmSync(dir, { recursive: true });
    await page.getByTestId('run').click();
    await eventually(() => nodeState('source-local-1'), 60_000).toBe('failed');
    await eventually(() => page.getByTestId('run-errors-source-local-1').count()).toBe(1);
    for (const after of ['decompress-1', 'parse-csv-1', 'bronze-sink-1']) await eventually(() => nodeState(after)).toBe('skipped');
  });
});
