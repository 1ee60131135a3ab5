import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunGraphOptions, type RunSummary, runGraph } from '@sluice/engine';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import { graph, node } from '../../testing/test-graphs.ts';
import type { RunObserver } from './run-observer.ts';
import { RunService } from './run-service.ts';

type Heard = ['claimed', string] | ['finished', string, RunSummary | string, number];

let temp: TempStore;
let service: RunService | undefined;
let heard: Heard[];
const observer: RunObserver = {
  claimed: (run) => void heard.push(['claimed', run.id]),
  finished: (run, outcome, ms) => void heard.push(['finished', run.id, outcome, ms]),
};

beforeEach(async () => {
  temp = await openTestStore('sluice-run-observer-');
  heard = [];
});
afterEach(async () => {
  await service?.stop({ abort: true });
  service = undefined;
  await temp.dispose();
});

async function start(run: (o: RunGraphOptions) => Promise<RunSummary> = runGraph) {
  const registry = await installedPlugins();
  service = new RunService({
    store: temp.store,
    registry,
    runGraph: run,
    access: { inputRoots: [temp.dir], outputRoots: [temp.dir], allowedEndpoints: [] },
    pollMs: 50,
    observer,
  });
  await service.start();
  return service;
}

async function until(check: () => boolean, what: string) {
  const end = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const files = graph('Files', { src: node('source-local', { folder: 'input', patterns: ['*.txt'] }) });

describe('RunService and its observer', () => {
  it('tells the claim, then the end with the summary and the time since the claim', async () => {
    mkdirSync(join(temp.dir, 'input'));
    for (const n of ['a', 'b']) writeFileSync(join(temp.dir, 'input', `${n}.txt`), n);
    const g = await temp.store.graphs.create(files);
    const s = await start();
    const { run } = await s.enqueue(g.id, { kind: 'manual' });
    await until(() => heard.length === 2, 'the end');
    expect(heard[0]).toEqual(['claimed', run.id]);
    const [, id, outcome, ms] = heard[1] as Extract<Heard, ['finished', ...unknown[]]>;
    expect(id).toBe(run.id);
    expect(outcome).toMatchObject({ status: 'succeeded', files: { processed: 2, skipped: 0, failed: 0 } });
    expect(ms).toBeGreaterThan(0);
  });

  it('tells the status alone when the run never reached the executor', async () => {
    const g = await temp.store.graphs.create(graph('Draft', { x: node('no-such-type') }));
    const s = await start();
    const { run } = await s.enqueue(g.id, { kind: 'manual' });
    await until(() => heard.length === 2, 'the end');
    expect(heard[1]).toEqual(['finished', run.id, 'failed', expect.any(Number)]);
  });

  it('tells no end of a run a stop puts back in the queue', async () => {
    // An executor that runs until it is stopped, then reports the run cancelled.
    // The stop may come before the executor is called (right after the claim): the signal is then aborted already.
    const held = (o: RunGraphOptions) =>
      new Promise<RunSummary>((resolve) => {
        const cancelled = () => {
          const at = new Date().toISOString();
          resolve({
            status: 'cancelled',
            startedAt: at,
            finishedAt: at,
            files: { processed: 0, skipped: 0, failed: 0 },
            rows: 0,
            nodes: {},
            errors: [],
            warnings: [],
          });
        };
        if (o.signal!.aborted) cancelled();
        else o.signal!.addEventListener('abort', cancelled, { once: true });
      });
    const g = await temp.store.graphs.create(files);
    const s = await start(held);
    const { run } = await s.enqueue(g.id, { kind: 'manual' });
    await until(() => heard.length === 1, 'the claim');
    await s.stop({ requeue: true });
    expect((await temp.store.runs.get(run.id))?.status).toBe('queued');
    expect(heard).toEqual([['claimed', run.id]]);
  });
});
