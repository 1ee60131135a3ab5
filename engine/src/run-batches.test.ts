import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type AnyNodePlugin,
  type BatchItem,
  definePlugin,
  type FileItem,
  fingerprintOf,
  type GraphDocument,
  type LandingGroup,
  type NodeContext,
  type SourceFile,
} from '@sluice/sdk';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { runGraph } from './run-graph.ts';

// A sink with the batches facet, landing each batch as one shared write; the bronze sink has its own tests.
function file(key: string): FileItem {
  const origin: SourceFile = {
    sourceNode: 'src',
    key,
    uri: `mem://${key}`,
    size: 1,
    modifiedAt: new Date(0),
    fingerprint: fingerprintOf({ size: 1, modifiedAt: new Date(0) }),
  };
  return { kind: 'file', origin, name: key, size: 1, open: async () => Readable.from([key]), localPath: async () => key };
}

const source = definePlugin({
  type: 'b-list',
  version: 1,
  category: 'source',
  title: 'List',
  description: 'Emits one file per key, recording each outcome',
  config: z.strictObject({ keys: z.array(z.string()) }),
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(config, _input, ctx) {
    for (const k of config.keys) await ctx.emit('files', file(k), { onSettled: (o) => void outcomes.set(k, o.status) });
  },
});

const failing = definePlugin({
  type: 'b-fail',
  version: 1,
  category: 'sink',
  title: 'Fails some',
  description: 'Fails files whose key starts with "elsewhere"',
  config: z.strictObject({}),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: {},
  concurrency: 4,
  async run(_config, input) {
    // Late, so that the batch sink has taken the file and written it before it fails here.
    await new Promise((r) => setTimeout(r, 150));
    if ((input!.item as FileItem).origin.key.startsWith('elsewhere')) throw new Error('refused here');
  },
});

const outcomes = new Map<string, string>();
const writes: { keys: string[]; committed: boolean; aborted: boolean }[] = [];
const singles: string[] = [];

function landOne(ctx: NodeContext, key: string, group?: LandingGroup) {
  ctx.land({ node: ctx.nodeId, table: 't', rows: 1, bytes: 1, ...(group ? { group } : {}), commit: async () => {}, abort: async () => {} });
  if (!group) singles.push(key);
}

const batchSink = definePlugin({
  type: 'b-sink',
  version: 1,
  category: 'sink',
  title: 'Batch sink',
  description: 'Lands a batch as one write; a "poison" file fails any batch it is in, and itself alone',
  config: z.strictObject({
    maxItems: z.number().default(50),
    lingerMs: z.number().default(50),
    concurrency: z.number().default(1),
    landAfterMs: z.number().default(0),
  }),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: {},
  concurrency: (c) => c.concurrency,
  async run(_config, input, ctx) {
    const key = (input!.item as FileItem).origin.key;
    if (key.startsWith('poison')) throw new Error('poisoned');
    landOne(ctx, key);
  },
  batches: {
    limits: (c) => ({ maxItems: c.maxItems, maxBytes: 1 << 20, lingerMs: c.lingerMs }),
    async run(config, items: BatchItem[]) {
      const keys = items.map((i) => (i.input.item as FileItem).origin.key);
      const poisoned = keys.some((k) => k.startsWith('poison'));
      if (!poisoned && config.landAfterMs) await new Promise((r) => setTimeout(r, config.landAfterMs));
      const w = { keys, committed: false, aborted: false };
      writes.push(w);
      const group: LandingGroup = {
        files: items.length,
        commit: async () => {
          w.committed = true;
        },
        abort: async () => void (w.aborted = true),
      };
      for (const [k, i] of items.entries()) landOne(i.ctx, keys[k]!, group);
      if (poisoned) {
        // Late, so that another batch lands meanwhile.
        if (config.landAfterMs) await new Promise((r) => setTimeout(r, 2 * config.landAfterMs));
        throw new Error('the batch could not be written');
      }
    },
  },
});

const pass = definePlugin({
  type: 'b-pass',
  version: 1,
  category: 'transform',
  title: 'Pass on late',
  description: 'Passes each file on after a delay',
  config: z.strictObject({ delayMs: z.number() }),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(config, input, ctx) {
    await new Promise((r) => setTimeout(r, config.delayMs));
    await ctx.emit('files', input!.item);
  },
});

const plugins = new Map<string, AnyNodePlugin>([source, failing, batchSink, pass].map((p) => [p.type, p]));

function graph(keys: string[], opts: { alsoFailing?: boolean } = {}): GraphDocument {
  const nodes: GraphDocument['nodes'] = {
    src: { type: 'b-list', typeVersion: 1, position: { x: 0, y: 0 }, config: { keys } },
    sink: { type: 'b-sink', typeVersion: 1, position: { x: 0, y: 0 }, config: {} },
  };
  const edges: GraphDocument['edges'] = [{ from: { node: 'src', port: 'files' }, to: { node: 'sink', port: 'files' } }];
  if (opts.alsoFailing) {
    nodes.other = { type: 'b-fail', typeVersion: 1, position: { x: 0, y: 0 }, config: {} };
    edges.push({ from: { node: 'src', port: 'files' }, to: { node: 'other', port: 'files' } });
  }
  return { format: 'sluice-graph', version: 1, name: 't', nodes, edges };
}

let tmp: TempStore;
beforeEach(async () => {
  tmp = await openTestStore();
  outcomes.clear();
  writes.length = singles.length = 0;
});
afterEach(() => tmp.dispose());

const run = (doc: GraphDocument) =>
  runGraph({
    runId: 'r1',
    graphId: 'g1',
    doc,
    plugin: (t) => plugins.get(t),
    store: tmp.store.nodeStore('g1'),
    secrets: { get: async () => undefined },
    tempDir: `${tmp.dir}/tmp`,
  });

const keys = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('a node with the batches facet', () => {
  it('takes the files in batches up to its bounds and commits each batch once, with every file processed', async () => {
    const s = await run(graph(keys(120)));
    expect(s.status).toBe('succeeded');
    expect(s.files).toEqual({ processed: 120, skipped: 0, failed: 0 });
    expect(writes.length).toBeGreaterThanOrEqual(3);
    expect(writes.every((w) => w.keys.length <= 50 && w.committed && !w.aborted)).toBe(true);
    expect(writes.flatMap((w) => w.keys).sort()).toEqual(keys(120).sort());
    expect(s.nodes.sink).toMatchObject({ filesIn: 120, rowsOut: 120 });
  });

  it('splits a failing batch until the bad file fails alone, naming it, and lands every other file', async () => {
    const all = [...keys(20), 'poison.csv', ...keys(20, 'm')];
    const s = await run(graph(all));
    expect(s.files).toEqual({ processed: 40, skipped: 0, failed: 1 });
    expect(s.errors).toEqual([expect.objectContaining({ file: 'mem://poison.csv', message: 'mem://poison.csv: poisoned' })]);
    expect(outcomes.get('poison.csv')).toBe('failed');
    // Every write that held the poisoned file was taken back; every file but it landed once.
    expect(writes.filter((w) => w.keys.includes('poison.csv')).every((w) => w.aborted && !w.committed)).toBe(true);
    const landedKeys = [...writes.filter((w) => w.committed).flatMap((w) => w.keys), ...singles];
    expect(landedKeys.sort()).toEqual(all.filter((k) => k !== 'poison.csv').sort());
    expect(s.nodes.sink?.rowsOut).toBe(40);
  });

  it('takes back only its own landings when a batch fails while another batch lands the same file (a file reaching the node twice)', async () => {
    // a, b, poison reach the sink at once, and again through a node that passes each on 30 ms later.
    // Two batches of two files at a time: one without poison lands after 50 ms; one with it lands at
    // once and fails 100 ms later, and must take back its own landings, not those another batch
    // made meanwhile for the same file.
    const doc = graph(['a', 'b', 'poison']);
    doc.nodes.sink!.config = { maxItems: 2, lingerMs: 200, concurrency: 2, landAfterMs: 50 };
    doc.nodes.pass = { type: 'b-pass', typeVersion: 1, position: { x: 0, y: 0 }, config: { delayMs: 30 } };
    doc.edges.push(
      { from: { node: 'src', port: 'files' }, to: { node: 'pass', port: 'files' } },
      { from: { node: 'pass', port: 'files' }, to: { node: 'sink', port: 'files' } },
    );
    const s = await run(doc);
    // The poisoned file fails (once per time it reached the sink), and nothing else does.
    expect(new Set(s.errors.map((e) => e.file))).toEqual(new Set(['mem://poison']));
    expect(s.files).toEqual({ processed: 2, skipped: 0, failed: 1 });
    // Every write without the poisoned file committed; a and b landed.
    const clean = writes.filter((w) => !w.keys.includes('poison'));
    expect(clean.every((w) => w.committed && !w.aborted)).toBe(true);
    expect(new Set([...clean.flatMap((w) => w.keys), ...singles])).toEqual(new Set(['a', 'b']));
  });

  it('commits none of a batch whose file failed on another branch, naming that file, and removes the write', async () => {
    const s = await run(graph(['a', 'elsewhere', 'b'], { alsoFailing: true }));
    expect(s.files.failed).toBe(3);
    expect(outcomes.get('a')).toBe('failed');
    expect(writes).toHaveLength(1);
    const w = writes.find((x) => x.keys.includes('elsewhere'));
    expect(w).toMatchObject({ committed: false, aborted: true });
    expect(s.errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/mem:\/\/a: could not commit: its rows share a Bronze part with mem:\/\/elsewhere, which failed/)]),
    );
  });
});
