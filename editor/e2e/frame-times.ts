import type { CDPSession, Page } from 'playwright-core';

/** Frame times seen by the page while something happened, from requestAnimationFrame deltas. */
export interface FrameFigures {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Frames longer than 50 ms: a stutter anyone sees (20 frames per second or fewer). */
  over50: number;
  /** Wall time of the whole gesture, from the test's side. */
  gestureMs: number;
  /** Where the page's main thread spent the gesture (Chromium's Performance.getMetrics, in ms). */
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  taskMs: number;
}

const METRICS = { scriptMs: 'ScriptDuration', styleMs: 'RecalcStyleDuration', layoutMs: 'LayoutDuration', taskMs: 'TaskDuration' } as const;

async function mainThread(cdp: CDPSession): Promise<Record<keyof typeof METRICS, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const of = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { scriptMs: of(METRICS.scriptMs), styleMs: of(METRICS.styleMs), layoutMs: of(METRICS.layoutMs), taskMs: of(METRICS.taskMs) };
}

const nearestRank = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

/**
 * Records the delta between consecutive animation frames in the page while `gesture` runs (a
 * pan, a zoom, a drag): the time each frame took to come, which is what a user sees as smooth
 * (about 16.7 ms at 60 Hz) or as stutter.
 */
export async function frameTimes(page: Page, gesture: () => Promise<void>): Promise<FrameFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = await mainThread(cdp);
  await page.evaluate(() => {
    const w = window as unknown as { frameDeltas: number[]; frameLoop: boolean };
    w.frameDeltas = [];
    w.frameLoop = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.frameDeltas.push(now - last);
      last = now;
      if (w.frameLoop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  });
  const t0 = performance.now();
  await gesture();
  // Let the last frames of the gesture be drawn.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const gestureMs = performance.now() - t0;
  const deltas = await page.evaluate(() => {
    const w = window as unknown as { frameDeltas: number[]; frameLoop: boolean };
    w.frameLoop = false;
    return w.frameDeltas;
  });
  const after = await mainThread(cdp);
  await cdp.detach();
  const sorted = [...deltas].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    frames: deltas.length,
    p50Ms: round(nearestRank(sorted, 50)),
    p95Ms: round(nearestRank(sorted, 95)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    over50: deltas.filter((d) => d > 50).length,
    gestureMs: Math.round(gestureMs),
    scriptMs: Math.round(after.scriptMs - before.scriptMs),
    styleMs: Math.round(after.styleMs - before.styleMs),
    layoutMs: Math.round(after.layoutMs - before.layoutMs),
    taskMs: Math.round(after.taskMs - before.taskMs),
  };
}
