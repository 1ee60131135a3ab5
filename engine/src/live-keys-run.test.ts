import { join } from 'node:path';
import { definePlugin, type GraphDocument } from '@sluice/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LiveKeyFeed } from './live-key-feed.ts';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { runGraph } from './run-graph.ts';

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

describe('runGraph with live keys', () => {
  it('fails the run, naming them, when its source ends without taking keys fed to it', async () => {
    const live = new LiveKeyFeed('run-1', 'g', 1);
    live.push({ key: 'a.csv' });
    const summary = await runGraph({
      runId: 'run-1',
      graphId: 'g',
      doc,
      plugin: (type) => (type === 'deaf-source' ? deafSource : undefined),
      store: temp.store.nodeStore('g'),
      secrets: { get: async () => undefined },
      params: { keys: [] },
      tempDir: join(temp.dir, 'tmp'),
      liveKeys: live,
    });
    expect(summary.status).toBe('failed');
    expect(summary.errors.map((e) => e.message)).toEqual(['1 key(s) added while the run went were never taken by its source: a.csv']);
    expect(live.open).toBe(false);
  });
});
