import { join } from 'node:path';
import { definePlugin, type GraphDocument } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LiveKeyFeed } from './live-key-feed.ts';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { runGraph } from './run-graph.ts';
import type { LiveKeys } from './run-types.ts';

/** A source that says it reads the key feed but returns without asking it for anything. */
const deafSource = definePlugin({
  type: 'deaf-source',
  version: 1,
  category: 'source',
  title: 'Deaf source',
  description: 'Claims to read the key feed, never does',
  config: z.strictObject({}),
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  readsKeyFeed: true,
  async run() {},
});

const doc: GraphDocument = {
  format: 'sluice-graph',
  version: 1,
  name: 'Deaf',
  nodes: { src: { type: 'deaf-source', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } },
  edges: [],
};

let temp: TempStore;
beforeEach(async () => {
  temp = await openTestStore('sluice-live-keys-run-');
});
afterEach(() => temp.dispose());

/** Runs the deaf source's graph with `liveKeys`. */
const runDeaf = (runId: string, liveKeys: LiveKeys) =>
  runGraph({
    runId,
    graphId: 'g',
    doc,
    plugin: (type) => (type === 'deaf-source' ? deafSource : undefined),
    store: temp.store.nodeStore('g'),
    secrets: { get: async () => undefined },
    params: { keys: [] },
    tempDir: join(temp.dir, 'tmp'),
    liveKeys,
  });

describe('runGraph with live keys', () => {
  it('fails the run, naming them, when its source ends without taking keys fed to it', async () => {
    const live = new LiveKeyFeed('run-1', 'g', 1);
    live.push({ key: 'a.csv' });
    const summary = await runDeaf('run-1', live);
    expect(summary.status).toBe('failed');
    expect(summary.errors.map((e) => e.message)).toEqual(['1 key(s) added while the run went were never taken by its source: a.csv']);
    expect(live.open).toBe(false);
  });

  it('waits for a feed whose close answers later (one shared through the store), and names the keys only it knew of', async () => {
    const local = new LiveKeyFeed('run-2', 'g', 0);
    let closes = 0;
    // As SharedKeyFeed: a key intake added in the store that never reached the run is known once the store's side closes.
    const shared: LiveKeys = {
      take: () => local.take(),
      arrival: () => local.arrival(),
      closeIfEmpty: () => local.closeIfEmpty(),
      close: async () => {
        const left = local.close();
        await new Promise((r) => setTimeout(r, 20));
        return ++closes === 1 ? [...left, { key: 'b.csv' }] : left;
      },
    };
    const summary = await runDeaf('run-2', shared);
    expect(summary.status).toBe('failed');
    expect(summary.errors.map((e) => e.message)).toEqual(['1 key(s) added while the run went were never taken by its source: b.csv']);
  });
});
