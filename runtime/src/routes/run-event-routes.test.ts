import { definePlugin, type GraphDocument } from '@sluice/sdk';
import { runStreamSchemas, type RunStreamEventName } from '@sluice/sdk/wire';
import { runGraph } from '@sluice/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import { RunService } from '../runs/run-service.ts';

/** A source that works in steps for about two seconds: logs, progress and a warning along the way. */
const steps = definePlugin({
  type: 'steps',
  version: 1,
  category: 'source',
  title: 'Steps',
  description: 'Works in steps, telling its progress',
  config: z.strictObject({}),
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(_config, _input, ctx) {
    for (let i = 1; i <= 8; i++) {
      ctx.log.info(`step ${i} of 8`);
      ctx.progress({ done: i, total: 8, unit: 'steps' });
      if (i === 4) ctx.warn('half way');
      await new Promise((r) => setTimeout(r, 250));
    }
  },
});

const stepsGraph: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'Steps',
  nodes: { s: { type: 'steps', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
  edges: [],
};

let t: TestApp;
let elsewhere: RunService | undefined;
beforeEach(async () => {
  t = await openTestApp();
});
afterEach(async () => {
  await elsewhere?.stop({ abort: true });
  elsewhere = undefined;
  await t.close();
});

/** The stream's events, as they come, until it ends. */
async function readEvents(res: Response): Promise<{ event: string; data: any }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.includes('event:'))
    .map((b) => ({ event: /^event: (.*)$/m.exec(b)![1]!, data: JSON.parse(/^data: (.*)$/m.exec(b)![1]!) }));
}

describe('GET /api/runs/{id}/events of a run another process executes', () => {
  it('follows it from the store: its progress, log lines and warning as they are saved, then its end', async () => {
    // This app's own worker takes no run; another "process" (a worker on the same store) runs it.
    await t.runs.stop();
    elsewhere = new RunService({
      store: t.temp.store,
      registry: (await installedPlugins()).extend([steps]),
      runGraph,
      access: t.access,
      pollMs: 50,
    });
    const graph = await t.temp.store.graphs.create(stepsGraph);
    const { run } = await elsewhere.enqueue(graph.id, { kind: 'manual' });
    await elsewhere.start();
    const events = await readEvents(await t.request(`/api/runs/${run.id}/events`));
    expect(t.runs.isActive(run.id)).toBe(false);
    expect(events.at(-1)).toMatchObject({ event: 'status', data: { status: 'succeeded' } });
    // Progress while it ran, not only its end: several stats events with the steps done so far.
    const done = events.filter((e) => e.event === 'stats').map((e) => e.data.nodes.s?.progress?.done ?? 0);
    expect(new Set(done.filter((d) => d > 0 && d < 8)).size).toBeGreaterThanOrEqual(2);
    const logged = events.filter((e) => e.event === 'log').map((e) => e.data.message);
    expect(logged).toEqual(expect.arrayContaining(['step 2 of 8', 'step 7 of 8']));
    expect(new Set(logged).size).toBe(logged.length);
    expect(events.filter((e) => e.event === 'warning').map((e) => e.data.message)).toEqual(['half way']);
    // Every event in the wire contract's shape.
    for (const e of events) expect(runStreamSchemas[e.event as RunStreamEventName].parse(e.data)).toEqual(e.data);
  });
});
