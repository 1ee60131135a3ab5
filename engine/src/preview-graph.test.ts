import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyNodePlugin, definePlugin, type FileItem, fingerprintOf, type GraphDocument } from '@sluice/sdk';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import type { OutputTap } from './output-tap.ts';
import { previewGraph } from './preview-graph.ts';

function file(key: string): FileItem {
  const origin = {
    sourceNode: 'src',
    key,
    uri: `mem://${key}`,
    size: 1,
    modifiedAt: new Date(0),
    fingerprint: fingerprintOf({ size: 1, modifiedAt: new Date(0) }),
  };
  return { kind: 'file', origin, name: key, size: 1, open: async () => Readable.from([key]), localPath: async () => key };
}

const closed: string[] = [];
const source = definePlugin({
  type: 'test-source',
  version: 1,
  category: 'source',
  title: 'Source',
  description: 'Emits a, b, c; moves its watermark on close',
  config: z.strictObject({}),
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(_config, _input, ctx) {
    for (const k of ['a', 'b', 'c']) await ctx.emit('files', file(k), { onSettled: (_o, tx) => tx.checkpoints.setWatermark('src', new Date(1)) });
  },
  async close(_config, scope, status) {
    closed.push(status);
    if (status !== 'cancelled') await scope.store.transaction((tx) => tx.checkpoints.setWatermark('src', new Date(2)));
  },
});
const sink = definePlugin({
  type: 'test-sink',
  version: 1,
  category: 'sink',
  title: 'Sink',
  description: 'Lands every file',
  config: z.strictObject({}),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: {},
  async run(_config, _input, ctx) {
    ctx.land({ node: ctx.nodeId, table: 't', rows: 1, bytes: 1, commit: async () => {}, abort: async () => {} });
  },
});
const plugins = new Map<string, AnyNodePlugin>([source, sink].map((p) => [p.type, p]));

const doc = (withSink: boolean): GraphDocument => ({
  format: 'sluice-graph',
  version: 1,
  name: 'p',
  nodes: {
    src: { type: 'test-source', typeVersion: 1, position: { x: 0, y: 0 }, config: {} },
    ...(withSink ? { sink: { type: 'test-sink', typeVersion: 1, position: { x: 0, y: 0 }, config: {} } } : {}),
  },
  edges: withSink ? [{ from: { node: 'src', port: 'files' }, to: { node: 'sink', port: 'files' } }] : [],
});

let tmp: TempStore;
beforeEach(async () => {
  tmp = await openTestStore();
  closed.length = 0;
});
afterEach(() => tmp.dispose());

const preview = (d: GraphDocument, tap: OutputTap) =>
  previewGraph({
    runId: 'p',
    graphId: 'g',
    doc: d,
    plugin: (t) => plugins.get(t),
    store: tmp.store.nodeStore('g'),
    secrets: { get: async () => undefined },
    tempDir: `${tmp.dir}/tmp`,
    tap,
  });

describe('previewGraph', () => {
  it("hands the tapped node's items to the tap, stops when it has enough, and closes nodes as cancelled", async () => {
    const taken: string[] = [];
    const s = await preview(doc(false), {
      node: 'src',
      emitted: async ({ item }) => (taken.push((item as FileItem).origin.key), taken.length === 2 ? 'enough' : 'more'),
    });
    expect(taken).toEqual(['a', 'b']);
    expect(s.status).toBe('cancelled');
    expect(closed).toEqual(['cancelled']);
    expect(await tmp.store.nodeStore('g').checkpoints.getWatermark('src')).toBeUndefined();
  });

  it('writes nothing: land fails the file clearly and settle handlers cannot record', async () => {
    const failures: unknown[] = [];
    const s = await preview(doc(true), { node: 'sink', emitted: async () => 'more', failed: (e) => failures.push(e) });
    expect(s.files.failed).toBe(3);
    expect(String(failures[0])).toMatch(/node "sink" \(test-sink\) tried to land rows during a preview; previews write nothing/);
    expect(s.warnings.map((w) => w.message).join('\n')).toMatch(/moving a watermark refused: a preview writes nothing/);
    expect(await tmp.store.nodeStore('g').checkpoints.getWatermark('src')).toBeUndefined();
  });
});
