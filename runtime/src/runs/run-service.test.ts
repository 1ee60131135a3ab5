import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin, type GraphDocument, type KeyFacts } from '@sluice/sdk';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runGraph } from '@sluice/engine';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import type { PluginRegistry } from '@sluice/engine';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import type { RunStreamEvent } from './run-event-hub.ts';
import { RunService } from './run-service.ts';

/** A real source that lists nothing and holds the run open until it is cancelled. */
const waitForCancel = definePlugin({
  type: 'wait-for-cancel',
  version: 1,
  category: 'source',
  title: 'Wait for cancel',
  description: 'Holds the run open until its signal aborts',
  config: z.strictObject({}),
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(_config, _input, ctx) {
    ctx.log.info('waiting');
    ctx.warn('holding the run open');
    // The signal may have fired before run() was called (a stop right after the claim).
    if (ctx.signal.aborted) return;
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
  },
});

let registry: PluginRegistry;
let temp: TempStore;
let service: RunService | undefined;

beforeAll(async () => {
  registry = (await installedPlugins()).extend([waitForCancel]);
});
beforeEach(async () => {
  temp = await openTestStore('sluice-runservice-');
});
afterEach(async () => {
  await service?.stop({ abort: true });
  service = undefined;
  await temp.dispose();
});

function filesGraph(folder: string): GraphDocument {
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'Files',
    nodes: {
      src: { type: 'source-local', typeVersion: 1, position: { x: 0, y: 0 }, config: { folder, patterns: ['*.txt'] } },
      unzip: { type: 'decompress', typeVersion: 1, position: { x: 200, y: 0 }, config: {} },
    },
    edges: [{ from: { node: 'src', port: 'files' }, to: { node: 'unzip', port: 'files' } }],
  };
}

const waitGraph: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'Wait',
  nodes: { w: { type: 'wait-for-cancel', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
  edges: [],
};

async function startService(concurrency?: { global?: number; perGraph?: number }) {
  service = new RunService({
    store: temp.store,
    registry,
    runGraph,
    access: { inputRoots: [temp.dir], outputRoots: [temp.dir], allowedEndpoints: [] },
    concurrency,
    pollMs: 50,
  });
  await service.start();
  return service;
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('RunService', () => {
  it('runs a queued run through the executor and keeps its summary, logs and live events', async () => {
    const input = join(temp.dir, 'input');
    mkdirSync(input);
    for (const n of ['a', 'b', 'c']) writeFileSync(join(input, `${n}.txt`), `hello ${n}\n`);
    const graph = await temp.store.graphs.create(filesGraph('input'));
    const s = await startService();
    const { run } = await s.enqueue(graph.id, { kind: 'manual', params: { note: 'x' } });
    expect((await temp.store.runs.get(run.id))?.status).toMatch(/queued|running/);
    const events: RunStreamEvent[] = [];
    s.subscribe(run.id, (e) => events.push(e));
    await until(async () => ['succeeded', 'failed'].includes((await temp.store.runs.get(run.id))!.status), 'the run to finish');
    await s.settled(run.id);
    const row = (await temp.store.runs.get(run.id))!;
    expect(row.errors).toEqual([]);
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, graphRevision: 1, files: { processed: 3, failed: 0 } });
    expect(row.nodes?.src?.filesOut).toBe(3);
    expect(row.nodes?.unzip?.filesIn).toBe(3);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'succeeded' });
    expect(events.some((e) => e.type === 'file')).toBe(true);
    expect((await temp.store.runLogs.list(run.id, { limit: 100 })).some((l) => l.node === 'src' && /listed 3 matching files/.test(l.message))).toBe(true);
  });

  it('keeps one run per graph at a time and cancels queued and running runs', async () => {
    const graph = await temp.store.graphs.create(waitGraph);
    const s = await startService({ global: 2, perGraph: 1 });
    const first = (await s.enqueue(graph.id, { kind: 'manual' })).run;
    const second = (await s.enqueue(graph.id, { kind: 'manual' })).run;
    await until(async () => (await temp.store.runs.get(first.id))!.status === 'running', 'the first run to start');
    // Warnings are kept while the run goes, not only in the final summary.
    await until(async () => (await temp.store.runs.get(first.id))!.warnings.some((w) => w.message.includes('holding the run open')), 'the live warning');
    await new Promise((r) => setTimeout(r, 150));
    expect((await temp.store.runs.get(second.id))!.status).toBe('queued');
    expect(await s.cancel(second.id)).toBe('cancelled');
    expect(await s.cancel(first.id)).toBe('cancelling');
    await s.settled(first.id);
    expect((await temp.store.runs.get(first.id))!.status).toBe('cancelled');
    expect((await temp.store.runs.get(second.id))!.status).toBe('cancelled');
    expect(await s.cancel(first.id)).toBe('finished');
    expect(await s.cancel('run-nope')).toBe('not-found');
    const elsewhere = (await temp.store.runs.enqueue({ graphId: graph.id, trigger: { kind: 'cli' } }, new Date(), { graphRevision: 1 })).run;
    expect(await s.cancel(elsewhere.id)).toBe('elsewhere');
  });

  it('puts running runs back in the queue when the runtime stops, and runs them at the next start', async () => {
    const graph = await temp.store.graphs.create(waitGraph);
    const s = await startService();
    const { run } = await s.enqueue(graph.id, { kind: 'manual' });
    await until(async () => (await temp.store.runs.get(run.id))!.status === 'running', 'the run to start');
    await s.stop({ requeue: true });
    expect(await temp.store.runs.get(run.id)).toMatchObject({ status: 'queued', startedAt: null });
    await s.start();
    await until(async () => (await temp.store.runs.get(run.id))!.status === 'running', 'the run to start again');
    expect((await temp.store.runs.get(run.id))!.attempts).toBe(2);
  });

  it('takes up runs a crash left running, and fails a run whose graph no longer plans', async () => {
    const good = await temp.store.graphs.create(filesGraph('.'));
    const bad = await temp.store.graphs.create({ ...waitGraph, nodes: { w: { ...waitGraph.nodes.w!, type: 'no-such-type' } } });
    const interrupted = (await temp.store.runs.enqueue({ graphId: good.id, trigger: { kind: 'manual' } })).run;
    await temp.store.runs.claimNext({ global: 5, perGraph: 5 }, () => 1);
    const doomed = (await temp.store.runs.enqueue({ graphId: bad.id, trigger: { kind: 'manual' } })).run;
    const s = await startService();
    await until(async () => (await temp.store.runs.get(interrupted.id))!.status === 'succeeded', 'the interrupted run to finish again');
    await until(async () => (await temp.store.runs.get(doomed.id))!.status === 'failed', 'the bad run to fail');
    expect((await temp.store.runs.get(interrupted.id))!.attempts).toBe(2);
    expect((await temp.store.runs.get(doomed.id))!.errors[0]?.message).toMatch(
      /is a draft and cannot run until it is finished: node "w" \(no-such-type\): unknown node type "no-such-type"/,
    );
    await s.settled(interrupted.id);
  });

  it("hands a keys run its events' facts as params.keyFacts, never facts stored with the run", async () => {
    const input = join(temp.dir, 'input');
    mkdirSync(input);
    writeFileSync(join(input, 'a.txt'), 'hello\n');
    const graph = await temp.store.graphs.create(filesGraph('input'));
    const facts = { bucket: 'landing', size: 6, etag: 'b1946ac92492d2347c6235b4d2611184' };
    const given = new Map<string, Readonly<Record<string, unknown>> | undefined>();
    service = new RunService({
      store: temp.store,
      registry,
      runGraph: (opts) => {
        given.set(opts.runId, opts.params);
        return runGraph(opts);
      },
      access: { inputRoots: [temp.dir], outputRoots: [temp.dir], allowedEndpoints: [] },
      pollMs: 50,
      keyFactsOf: async (runId): Promise<Record<string, KeyFacts>> => (runId === keyed.id ? { 'a.txt': facts } : {}),
    });
    const stored = { 'a.txt': { ...facts, etag: 'ffffffffffffffffffffffffffffffff' } };
    const keyed = (await temp.store.runs.enqueue({ graphId: graph.id, trigger: { kind: 's3-event', params: { keys: ['a.txt'], keyFacts: stored } } })).run;
    const plain = (await temp.store.runs.enqueue({ graphId: graph.id, trigger: { kind: 'manual', params: { keys: ['a.txt'], keyFacts: stored } } })).run;
    await service.start();
    await until(
      async () => (await Promise.all([keyed, plain].map((r) => temp.store.runs.get(r.id)))).every((r) => r!.status === 'succeeded'),
      'both runs to finish',
    );
    expect(given.get(keyed.id)).toEqual({ keys: ['a.txt'], keyFacts: { 'a.txt': facts } });
    expect(given.get(plain.id)).toEqual({ keys: ['a.txt'] });
  });

  it('claims a run queued inside a transaction only once that transaction ends: a rolled-back run never starts', async () => {
    const graph = await temp.store.graphs.create(waitGraph);
    const s = await startService();
    let claimedInside: boolean | undefined;
    let queued = '';
    await expect(
      temp.store.transaction(async () => {
        queued = (await s.enqueue(graph.id, { kind: 'manual' })).run.id;
        // Longer than the worker needs to claim a run: it waits for the transaction instead of joining it.
        await new Promise((r) => setTimeout(r, 100));
        claimedInside = s.isActive(queued);
        throw new Error('the trigger fails after queueing');
      }),
    ).rejects.toThrow('the trigger fails after queueing');
    expect(claimedInside).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    expect(s.isActive(queued)).toBe(false);
    expect(await temp.store.runs.get(queued)).toBeUndefined();
    // Committed, the same is claimed at once.
    const { run } = await temp.store.transaction(() => s.enqueue(graph.id, { kind: 'manual' }));
    await until(() => s.isActive(run.id), 'the committed run to be claimed');
    expect(await s.cancel(run.id)).toBe('cancelling');
    await s.settled(run.id);
  });
});
