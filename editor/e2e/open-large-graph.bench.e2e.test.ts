import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchGraph } from './bench-graph.ts';
import { canvasDriver } from './canvas-driver.ts';
import { ARTIFACTS, startE2eEnv, type E2eEnv } from './e2e-env.ts';

// Benchmark mode of the browser test (SLUICE_BENCH=1): how long a 500-node graph takes to open
// and become interactive. It reports figures; it asserts only that the editor got there.
describe.skipIf(!process.env.SLUICE_BENCH)('benchmark: opening a 500-node graph', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startE2eEnv('bench');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('opens, draws and answers a click', async () => {
    const doc = benchGraph(100, env.landingDir);
    const res = await env.api('/api/graphs', { method: 'POST', body: JSON.stringify({ document: doc }) });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: string };

    // Signed in first (the session cookie stays in the context), then timed from a blank page.
    const { page } = await env.openSignedIn();
    await page.goto('about:blank');
    const d = canvasDriver(page);
    const t0 = performance.now();
    await page.goto(`${env.runtime.url}/#/graphs/${id}`);
    await page.locator('.react-flow__node').first().waitFor();
    const firstNode = performance.now() - t0;

    // Interactive: a click selects a node and its form opens.
    const t1 = performance.now();
    await d.select('parse-csv-0');
    const selectMs = performance.now() - t1;
    const interactive = performance.now() - t0;

    // A drag of one node, pointer down to the node's new place.
    const box = (await d.node('bronze-sink-1').boundingBox())!;
    const t2 = performance.now();
    await page.mouse.move(box.x + box.width / 2, box.y + 6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + 66, { steps: 10 });
    await page.mouse.up();
    const dragMs = performance.now() - t2;

    // Fit view (F): every node and edge drawn at once.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const t3 = performance.now();
    await page.keyboard.press('f');
    await expect.poll(() => page.locator('.react-flow__edge').count(), { timeout: 60_000 }).toBe(400);
    await page.waitForFunction(() => [...document.querySelectorAll('.react-flow__node')].every((n) => (n as HTMLElement).style.visibility !== 'hidden'));
    const fitAllMs = performance.now() - t3;

    const figures = {
      nodes: 500,
      edges: 400,
      firstNodeMs: Math.round(firstNode),
      interactiveMs: Math.round(interactive),
      selectMs: Math.round(selectMs),
      drag10StepsMs: Math.round(dragMs),
      fitAllDrawnMs: Math.round(fitAllMs),
      // Other work on the machine slows Chromium down: keep the load next to the figures.
      loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
      cpus: cpus().length,
    };
    writeFileSync(join(ARTIFACTS, 'bench-open-500.json'), JSON.stringify(figures, null, 2));
    console.log('[bench] editor, 500-node graph:', JSON.stringify(figures));
    await page.screenshot({ path: join(ARTIFACTS, 'bench-500.png') });
  });
});
