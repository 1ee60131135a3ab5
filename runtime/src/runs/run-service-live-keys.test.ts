import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphDocument } from '@sluice/sdk';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runGraph } from '@sluice/engine';
import { installedPlugins } from '../plugins/installed-plugins.ts';
import type { PluginRegistry } from '@sluice/engine';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { chainGraph } from '@sluice/engine/testing';
import { waitForRun } from '../triggers/wait-for-run.ts';
import { RunService } from './run-service.ts';

let registry: PluginRegistry;
let temp: TempStore;
let service: RunService | undefined;
let taken: Map<string, number>;

beforeAll(async () => {
  registry = await installedPlugins();
});
beforeEach(async () => {
  temp = await openTestStore('sluice-live-keys-');
  mkdirSync(join(temp.dir, 'input'));
  taken = new Map();
});
afterEach(async () => {
  await service?.stop({ abort: true });
  service = undefined;
  await temp.dispose();
});

const graphDoc: GraphDocument = chainGraph('Files', [
  { id: 'src', type: 'source-local', config: { folder: 'input', patterns: ['*.txt'] } },
  { id: 'unzip', type: 'decompress' },
]);

const write = (name: string) => writeFileSync(join(temp.dir, 'input', name), `hello ${name}\n`);

async function startService() {
  service = new RunService({
    store: temp.store,
    registry,
    runGraph,
    access: { inputRoots: [temp.dir], outputRoots: [temp.dir], allowedEndpoints: [] },
    pollMs: 50,
    onKeysTaken: (_run, at) => at.forEach((v, k) => taken.set(k, v)),
  });
  await service.start();
  return service;
}

/** Ends when the run has (the store says so) and the service is done with it. */
async function ended(s: RunService, runId: string) {
  await waitForRun((id) => temp.store.runs.get(id), runId, 20_000);
  await s.settled(runId);
  return (await temp.store.runs.get(runId))!;
}

describe('RunService: live keys of a run started for keys', () => {
  it('a key added while the run goes is taken by the same run, once, and the run ends after it', async () => {
    const first = Array.from({ length: 20 }, (_, i) => `f${i}.txt`);
    for (const f of [...first, 'late.txt']) write(f);
    const graph = await temp.store.graphs.create(graphDoc);
    const s = await startService();
    const { run } = await s.enqueue(graph.id, { kind: 's3-event', params: { keys: first } });
    // Looked for every turn of the event loop: the run holds its feed open for its 20 files only.
    let feed = s.liveFeed(graph.id, 500);
    for (const end = Date.now() + 20_000; !feed && Date.now() < end; feed = s.liveFeed(graph.id, 500)) await new Promise((r) => setImmediate(r));
    if (!feed) throw new Error('the run never offered its key feed');
    // What intake does in its transaction, then after the commit: the key is the run's, then handed over.
    expect(await temp.store.runs.keys.addKeyToRunning(run.id, 'late.txt')).toBe(true);
    feed.push({ key: 'late.txt' });
    const row = await ended(s, run.id);
    expect(row.errors).toEqual([]);
    expect(row).toMatchObject({ status: 'succeeded', files: { processed: 21, failed: 0 } });
    expect(row.nodes?.src?.filesOut).toBe(21);
    expect(row.triggerParams.keys).toEqual([...first, 'late.txt']);
    expect([...taken.keys()]).toEqual(['late.txt']);
    expect(feed.open).toBe(false);
    expect(s.liveFeed(graph.id, 500)).toBeUndefined();
  });

  it('a run queued again after a crash takes every key it was fed, from its params', async () => {
    for (const f of ['a.txt', 'b.txt']) write(f);
    const graph = await temp.store.graphs.create(graphDoc);
    const { run } = await temp.store.runs.enqueue({ graphId: graph.id, trigger: { kind: 's3-event', params: { keys: ['a.txt'] } } });
    await temp.store.runs.claimNext({ global: 2, perGraph: 1 }, () => 1);
    expect(await temp.store.runs.keys.addKeyToRunning(run.id, 'b.txt')).toBe(true);
    // The process that ran it died; this one starts, queues it again and runs it.
    const s = await startService();
    expect(await ended(s, run.id)).toMatchObject({ status: 'succeeded', attempts: 2, files: { processed: 2, failed: 0 } });
  });

  it('offers no feed to a run started without keys', async () => {
    write('a.txt');
    const graph = await temp.store.graphs.create(graphDoc);
    const s = await startService();
    const { run } = await s.enqueue(graph.id, { kind: 'manual' });
    // The claim and the start of the run follow the enqueue (in the next turn on SQLite, a few
    // round trips later on PostgreSQL): looked for every turn, as the run goes for one file only.
    for (const end = Date.now() + 20_000; !s.isActive(run.id) && Date.now() < end; ) await new Promise((r) => setImmediate(r));
    expect(s.isActive(run.id)).toBe(true);
    expect(s.liveFeed(graph.id, 500)).toBeUndefined();
    expect((await ended(s, run.id)).status).toBe('succeeded');
  });
});
