import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyNodePlugin, definePlugin, type FileItem, fingerprintOf, type GraphDocument, type SourceFile } from '@sluice/sdk';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { runGraph } from './run-graph.ts';

// A source, a lazy transform (as decompress: its bytes are made while the next node reads them), a
// reader (as a parser) and a sink: where does a failure show, and what do the nodes after it show?

function sourceFile(key: string): FileItem {
  const origin: SourceFile = {
    sourceNode: 'src',
    key,
    uri: `mem://${key}`,
    size: 4,
    modifiedAt: new Date(0),
    fingerprint: fingerprintOf({ size: 4, modifiedAt: new Date(0) }),
  };
  const open = async () => {
    if (key.startsWith('unreadable')) throw new Error('the disk answered EIO');
    return Readable.from([Buffer.from('abcd')]);
  };
  return { kind: 'file', origin, name: key, size: 4, open, localPath: async () => `/mem/${key}` };
}

const src = definePlugin({
  type: 't-src',
  version: 1,
  category: 'source',
  title: 'Source',
  description: 'Emits a file per key, or fails as a whole',
  config: z.strictObject({ keys: z.array(z.string()), broken: z.boolean().default(false) }),
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(config, _input, ctx) {
    if (config.broken) throw new Error('the folder is gone');
    for (const k of config.keys) await ctx.emit('files', sourceFile(k));
  },
});

/** Hands on a derived file whose bytes break half-way for keys starting with "truncated", as a cut gzip does. */
const lazy = definePlugin({
  type: 't-lazy',
  version: 1,
  category: 'decompress',
  title: 'Lazy',
  description: 'Derives bytes while they are read',
  config: z.strictObject({}),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(_config, input, ctx) {
    const item = input!.item as FileItem;
    // As a decompressor's spool: read the bytes made upstream to the end, then say where they broke.
    const localPath = async (signal?: AbortSignal) => {
      for await (const _ of await item.open(signal)) {
        // Spooling.
      }
      if (item.origin.key.startsWith('truncated')) throw new Error('the gzip data is truncated (unexpected end of file)');
      return `/mem/${item.name}.out`;
    };
    await ctx.emit('files', { ...item, name: `${item.name}.out`, localPath });
  },
});

/** Asks for a local file, as parsers that hand paths to polars do; fails on its own for keys starting with "garbled". */
const reader = definePlugin({
  type: 't-read',
  version: 1,
  category: 'parse',
  title: 'Read',
  description: 'Reads the bytes',
  config: z.strictObject({}),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(_config, input, ctx) {
    const item = input!.item as FileItem;
    await item.localPath(ctx.signal);
    if (item.origin.key.startsWith('garbled')) throw new Error('no header line');
    await ctx.emit('files', item);
  },
});

const sink = definePlugin({
  type: 't-sink',
  version: 1,
  category: 'sink',
  title: 'Sink',
  description: 'Takes files',
  config: z.strictObject({}),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: {},
  async run() {},
});

const plugins = new Map<string, AnyNodePlugin>([src, lazy, reader, sink].map((p) => [p.type, p]));

function chain(keys: string[], broken = false): GraphDocument {
  const node = (type: string, config: Record<string, unknown> = {}) => ({ type, typeVersion: 1, position: { x: 0, y: 0 }, config });
  const ids = ['src', 'lazy', 'read', 'sink'];
  return {
    format: 'sluice-graph',
    version: 1,
    name: 'chain',
    nodes: { src: node('t-src', { keys, broken }), lazy: node('t-lazy'), read: node('t-read'), sink: node('t-sink') },
    edges: ids.slice(1).map((to, i) => ({ from: { node: ids[i]!, port: 'files' }, to: { node: to, port: 'files' } })),
  };
}

let tmp: TempStore;
beforeEach(async () => {
  tmp = await openTestStore();
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

const states = (nodes: Record<string, { state: string }>) => Object.fromEntries(Object.entries(nodes).map(([id, s]) => [id, s.state]));

describe('errors on the node where they happened', () => {
  it('a spool that breaks in the reader is the failure of the node that made the bytes; the reader stays done for the file that went through', async () => {
    const s = await run(chain(['good', 'truncated']));
    expect(s.errors).toEqual([expect.objectContaining({ node: 'lazy', file: 'mem://truncated', message: expect.stringMatching(/truncated/) })]);
    expect(states(s.nodes)).toEqual({ src: 'done', lazy: 'failed', read: 'done', sink: 'done' });
    expect(s.nodes.lazy).toMatchObject({ filesFailed: 1, errors: 1 });
    expect(s.nodes.read).toMatchObject({ filesFailed: 0, errors: 0, filesIn: 2 });
    expect(s.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
  });

  it('nodes after a failure that got nothing through are skipped, neither failed nor done', async () => {
    const s = await run(chain(['truncated']));
    expect(states(s.nodes)).toEqual({ src: 'done', lazy: 'failed', read: 'skipped', sink: 'skipped' });
  });

  it('nodes after a source that failed as a whole are skipped', async () => {
    const s = await run(chain([], true));
    expect(s.errors).toEqual([expect.objectContaining({ node: 'src', message: expect.stringMatching(/the folder is gone/) })]);
    expect(states(s.nodes)).toEqual({ src: 'failed', lazy: 'skipped', read: 'skipped', sink: 'skipped' });
  });

  it("a reader's own error stays its own, and a source's read error is the source's though others read through it", async () => {
    const own = await run(chain(['garbled']));
    expect(own.errors.map((e) => e.node)).toEqual(['read']);
    expect(states(own.nodes)).toEqual({ src: 'done', lazy: 'done', read: 'failed', sink: 'skipped' });

    const unreadable = await run(chain(['unreadable', 'good']));
    expect(unreadable.errors).toEqual([expect.objectContaining({ node: 'src', message: expect.stringMatching(/EIO/) })]);
    expect(states(unreadable.nodes)).toEqual({ src: 'failed', lazy: 'done', read: 'done', sink: 'done' });
  });
});
