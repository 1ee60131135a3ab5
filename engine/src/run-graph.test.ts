import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyNodePlugin, definePlugin, FileError, type FileItem, FileGone, fingerprintOf, type GraphDocument, type SourceFile } from '@sluice/sdk';
import type { TempStore } from '@sluice/store';
import { openTestStore } from '@sluice/store/testing/store';
import { runGraph } from './run-graph.ts';
import type { RunEvent, RunGraphOptions } from './run-types.ts';

// Small plugins that exercise the executor's contract; the product's plugins have their own tests.
function file(key: string): FileItem {
  const origin: SourceFile = {
    sourceNode: 'src',
    key,
    uri: `mem://${key}`,
    size: key.length,
    modifiedAt: new Date(0),
    fingerprint: fingerprintOf({ size: key.length, modifiedAt: new Date(0) }),
  };
  return { kind: 'file', origin, name: key, size: key.length, open: async () => Readable.from([key]), localPath: async () => key };
}

const listKeys = definePlugin({
  type: 'test-list',
  version: 1,
  category: 'source',
  title: 'List',
  description: 'Emits one file per configured key',
  config: z.strictObject({ keys: z.array(z.string()) }),
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(config, _input, ctx) {
    for (const k of config.keys) {
      await ctx.emit('files', file(k), { onSettled: (o, tx) => tx.checkpoints.setWatermark('src-' + o.status, new Date(1000)) });
    }
  },
});

const seen: string[] = [];
const passThrough = definePlugin({
  type: 'test-pass',
  version: 1,
  category: 'transform',
  title: 'Pass',
  description: 'Fails, skips or passes files by name',
  config: z.strictObject({ delayMs: z.number().default(0) }),
  concurrency: 2,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { files: { kind: 'files', title: 'Files' } },
  async run(config, input, ctx) {
    const item = input!.item as FileItem;
    seen.push(item.origin.key);
    if (config.delayMs) await new Promise((r) => setTimeout(r, config.delayMs));
    if (item.origin.key.startsWith('bad')) throw new Error('cannot read it');
    if (item.origin.key.startsWith('skip')) return ctx.skip('already done');
    ctx.onSettled(async (outcome, tx) => {
      await tx.checkpoints.put({
        graphId: ctx.graphId,
        sourceNode: 'src',
        key: item.origin.key,
        size: 1,
        modifiedAt: null,
        etag: null,
        versionId: null,
        fingerprint: item.origin.fingerprint,
        contentHash: null,
        rows: outcome.rows,
        status: outcome.status === 'processed' ? 'processed' : 'failed',
        error: outcome.error ?? null,
        attempts: 0,
        runId: ctx.runId,
        firstSeenAt: new Date(),
        updatedAt: new Date(),
      });
    });
    await ctx.emit('files', item);
  },
});

const landed: string[] = [];
const aborted: string[] = [];
const landSink = definePlugin({
  type: 'test-land',
  version: 1,
  category: 'sink',
  title: 'Land',
  description: 'Lands each file as three rows',
  config: z.strictObject({ failKey: z.string().optional() }),
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: {},
  async run(config, input, ctx) {
    const item = input!.item as FileItem;
    ctx.land({
      node: ctx.nodeId,
      table: 't',
      rows: 3,
      bytes: 10,
      commit: async () => {
        if (item.origin.key === 'nocommit') throw new Error('manifest is read-only');
        landed.push(item.origin.key);
      },
      abort: async () => void aborted.push(item.origin.key),
    });
    if (item.origin.key === config.failKey) throw new Error('disk full');
    // Its version was found gone while read (after some rows were made): as a source's read says it.
    if (item.origin.key.startsWith('gone')) throw new FileGone(item.origin.uri, 'was overwritten since its event');
    if (item.origin.key.startsWith('wrapped-gone')) {
      throw new FileError(item.origin.uri, 'parse failed', { cause: new FileGone(item.origin.uri, 'does not exist (deleted since the event?)') });
    }
  },
});

const plugins = new Map<string, AnyNodePlugin>([listKeys, passThrough, landSink].map((p) => [p.type, p]));

function graph(keys: string[], sinks = 1, extra: Partial<GraphDocument> = {}, sinkConfig = {}): GraphDocument {
  const nodes: GraphDocument['nodes'] = {
    src: { type: 'test-list', typeVersion: 1, position: { x: 0, y: 0 }, config: { keys } },
    pass: { type: 'test-pass', typeVersion: 1, position: { x: 0, y: 0 }, config: {} },
  };
  const edges: GraphDocument['edges'] = [{ from: { node: 'src', port: 'files' }, to: { node: 'pass', port: 'files' } }];
  for (let i = 0; i < sinks; i++) {
    nodes[`sink${i}`] = { type: 'test-land', typeVersion: 1, position: { x: 0, y: 0 }, config: i === 0 ? sinkConfig : {} };
    edges.push({ from: { node: 'pass', port: 'files' }, to: { node: `sink${i}`, port: 'files' } });
  }
  return { format: 'sluice-graph', version: 1, name: 't', nodes, edges, ...extra };
}

let tmp: TempStore;
beforeEach(async () => {
  tmp = await openTestStore();
  seen.length = landed.length = aborted.length = 0;
});
afterEach(() => tmp.dispose());

function run(doc: GraphDocument, more: Partial<RunGraphOptions> = {}) {
  return runGraph({
    runId: 'r1',
    graphId: 'g1',
    doc,
    plugin: (t) => plugins.get(t),
    store: tmp.store.nodeStore('g1'),
    secrets: { get: async () => undefined },
    tempDir: `${tmp.dir}/tmp`,
    ...more,
  });
}

describe('runGraph', () => {
  it('flows every file through, commits landings and checkpoints together, and counts per node', async () => {
    const s = await run(graph(['a', 'b', 'c']));
    expect(s.status).toBe('succeeded');
    expect(s.files).toEqual({ processed: 3, skipped: 0, failed: 0 });
    expect(s.rows).toBe(9);
    expect(landed.sort()).toEqual(['a', 'b', 'c']);
    expect(s.nodes.pass).toMatchObject({ filesIn: 3, filesOut: 3, state: 'done' });
    expect(s.nodes.sink0).toMatchObject({ filesIn: 3, rowsOut: 9, state: 'done' });
    expect(await tmp.store.nodeStore('g1').checkpoints.get('src', 'b')).toMatchObject({ status: 'processed', rows: 3 });
    expect(await tmp.store.nodeStore('g1').checkpoints.getWatermark('src-processed')).toEqual(new Date(1000));
  });

  it('leaves a disabled node and its wires out of the run: it gets no file and no figures, and sticky notes are not read', async () => {
    const doc = graph(['a', 'b'], 2, { annotations: { notes: { n: { text: 'not a node', position: { x: 0, y: 0 } } } } }, { failKey: 'a' });
    doc.nodes.sink0 = { ...doc.nodes.sink0!, disabled: true };
    const s = await run(doc);
    expect(s.status).toBe('succeeded');
    expect(s.files).toEqual({ processed: 2, skipped: 0, failed: 0 });
    expect(Object.keys(s.nodes).sort()).toEqual(['pass', 'sink1', 'src']);
    expect(landed.sort()).toEqual(['a', 'b']);
  });

  it('records a failing file with a message naming it, and the others still land', async () => {
    const s = await run(graph(['a', 'bad.csv', 'c']));
    expect(s.status).toBe('failed');
    expect(s.files).toEqual({ processed: 2, skipped: 0, failed: 1 });
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]).toMatchObject({ node: 'pass', file: 'mem://bad.csv', message: 'mem://bad.csv: cannot read it' });
    expect(landed.sort()).toEqual(['a', 'c']);
  });

  it('aborts the landings of a file that fails in one of two sinks, and commits none of them', async () => {
    const s = await run(graph(['a', 'b'], 2, {}, { failKey: 'b' }));
    expect(s.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
    expect(landed.sort()).toEqual(['a', 'a']);
    expect(aborted).toContain('b');
    expect(await tmp.store.nodeStore('g1').checkpoints.get('src', 'b')).toMatchObject({ status: 'failed', error: 'mem://b: disk full' });
  });

  it('fails a file whose commit fails, lists the error, and removes its part', async () => {
    const s = await run(graph(['a', 'nocommit']));
    expect(s.files).toEqual({ processed: 1, skipped: 0, failed: 1 });
    expect(s.errors.map((e) => e.message)).toEqual(['mem://nocommit: could not commit: manifest is read-only']);
    expect(aborted).toEqual(['nocommit']);
    expect(await tmp.store.nodeStore('g1').checkpoints.get('src', 'nocommit')).toMatchObject({ status: 'failed' });
  });

  it('leaves out a file whose named version is gone (FileGone, also wrapped): a warning, not a failure; its rows are removed', async () => {
    const events: RunEvent[] = [];
    const s = await run(graph(['a', 'gone', 'wrapped-gone']), { onEvent: (e) => events.push(e) });
    expect(s.status).toBe('succeeded');
    expect(s.errors).toEqual([]);
    expect(s.files).toEqual({ processed: 1, skipped: 2, failed: 0 });
    expect(s.warnings.map(({ at: _at, ...w }) => w)).toEqual([
      { node: 'sink0', file: 'mem://gone', message: 'mem://gone left out: was overwritten since its event' },
      { node: 'sink0', file: 'mem://wrapped-gone', message: 'mem://wrapped-gone left out: does not exist (deleted since the event?)' },
    ]);
    expect(landed).toEqual(['a']);
    expect(aborted.sort()).toEqual(['gone', 'wrapped-gone']);
    expect(s.nodes.sink0).toMatchObject({ filesSkipped: 2, filesFailed: 0, warnings: 2, state: 'done' });
    expect(events.filter((e) => e.type === 'file' && e.key === 'gone')).toEqual([expect.objectContaining({ status: 'skipped', rows: 0 })]);
  });

  it('counts skipped files', async () => {
    const s = await run(graph(['skip1', 'skip2', 'x']));
    expect(s.files).toEqual({ processed: 1, skipped: 2, failed: 0 });
    expect(s.nodes.pass?.filesSkipped).toBe(2);
  });

  it('stops at the first failing file when the graph says stopOnError', async () => {
    const keys = ['bad1', ...Array.from({ length: 50 }, (_, i) => `k${i}`)];
    const s = await run(graph(keys, 1, { settings: { stopOnError: true } }));
    expect(s.status).toBe('failed');
    expect(seen.length).toBeLessThan(keys.length);
    // Besides the file's error, one of the run's own: the files not reached are not landed.
    expect(s.errors.filter((e) => !e.file).map((e) => e.message)).toEqual([expect.stringMatching(/stopped at the first failing file \(stopOnError\)/)]);
  });

  it('is cancelled by its signal and lands nothing after it', async () => {
    const ac = new AbortController();
    const doc = graph(Array.from({ length: 100 }, (_, i) => `k${i}`));
    doc.nodes.pass!.config = { delayMs: 5 };
    const events: RunEvent[] = [];
    setTimeout(() => ac.abort(), 40);
    const s = await run(doc, { signal: ac.signal, onEvent: (e) => events.push(e) });
    expect(s.status).toBe('cancelled');
    expect(s.files.processed).toBeLessThan(100);
    expect(landed.length).toBe(s.files.processed);
    expect(events.some((e) => e.type === 'stats')).toBe(true);
  });

  it('keeps memory bounded: a source runs ahead of a slow node by at most the queue size', async () => {
    const doc = graph(Array.from({ length: 40 }, (_, i) => `k${i}`));
    doc.nodes.pass!.config = { delayMs: 2 };
    let maxQueued = 0;
    const s = await run(doc, {
      onEvent: (e) => {
        if (e.type === 'stats') maxQueued = Math.max(maxQueued, e.nodes.pass!.queued);
      },
    });
    expect(s.files.processed).toBe(40);
    expect(maxQueued).toBeLessThanOrEqual(4);
  });

  it('fails the run with the node named when a config is invalid', async () => {
    const doc = graph(['a']);
    doc.nodes.pass!.config = { delayMs: 'soon' };
    const s = await run(doc);
    expect(s.status).toBe('failed');
    expect(s.errors[0]?.message).toMatch(/node "pass" \(test-pass\) has an invalid config: delayMs/);
  });
});
