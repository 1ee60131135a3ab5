import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { threadId } from 'node:worker_threads';
import { openTestStore } from '@sluice/store/testing/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGraph } from '../run-graph.ts';
import type { RunEvent } from '../run-types.ts';
import { discoverPlugins } from './discover-plugins.ts';
import type { PluginRegistry } from './plugin-registry.ts';
import { closePluginThreads, pluginThreadCount, runOnPluginThread, workerExecArgv } from './plugin-thread-pool.ts';

const ENGINE_DIR = fileURLToPath(new URL('../../', import.meta.url));

// A third-party plugin with thread functions, in plain JavaScript as one ships. It imports zod and
// @sluice/sdk, which the host provides (the folder has no node_modules): in a worker too.
const THREAD_PLUGIN = `
import { threadId } from 'node:worker_threads';
import { errorMessage } from '@sluice/sdk';
import { z } from 'zod';

const kept = {};
const threads = {
  square: ({ n }) => ({ threadId, square: n * n, sdk: errorMessage(new Error('shared')) }),
  fail: (message) => { throw new TypeError(message); },
  spin: (ms) => { const end = Date.now() + ms; while (Date.now() < end); return 'spun'; },
  // Returns bytes (a whole buffer, and a view over part of one), keeping them to report on later.
  bytes: (n) => {
    kept.whole = new Uint8Array(n).fill(7);
    kept.part = new Uint8Array(new ArrayBuffer(2 * n), 0, n).fill(9);
    return { tables: [kept.whole], part: kept.part };
  },
  kept: (ms) => { const end = Date.now() + ms; while (Date.now() < end); return { whole: kept.whole?.byteLength ?? null, part: kept.part?.byteLength ?? null }; },
};

export default {
  type: 'thread-source', version: 1, category: 'source', title: 'Thread source',
  description: 'Reports what its thread functions return, as warnings',
  config: z.strictObject({ n: z.number() }),
  inputs: {}, outputs: { files: { kind: 'files', title: 'Files' } },
  threads,
  async run(config, _input, ctx) {
    const result = await ctx.runOnThread('square', { n: config.n });
    ctx.warn(JSON.stringify({ ...result, mainThreadId: threadId }));
    try {
      await ctx.runOnThread('fail', 'no good');
    } catch (err) {
      ctx.warn('failed: ' + err.message);
    }
  },
};`;

let folder: string;
let registry: PluginRegistry;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'sluice-plugin-threads-'));
  mkdirSync(join(folder, 'acme-threads', 'src'), { recursive: true });
  writeFileSync(
    join(folder, 'acme-threads', 'package.json'),
    JSON.stringify({ name: 'acme-threads', version: '1.0.0', type: 'module', sluice: { apiVersion: 1, nodes: { 'thread-source': './src/index.js' } } }),
  );
  writeFileSync(join(folder, 'acme-threads', 'src', 'index.js'), THREAD_PLUGIN);
  registry = await discoverPlugins({ hostDir: ENGINE_DIR, builtinDirs: [], pluginsDir: folder });
  expect(registry.problems).toEqual([]);
});
afterAll(async () => {
  await closePluginThreads();
  rmSync(folder, { recursive: true, force: true });
});

const task = (name: string, payload: unknown) => ({ type: 'thread-source', module: registry.moduleOf('thread-source')!, name, payload });

describe('plugin threads', () => {
  it('run a plugin function on a worker thread, through the executor', async () => {
    const tmp = await openTestStore();
    try {
      const events: RunEvent[] = [];
      const summary = await runGraph({
        runId: 'r1',
        graphId: 'g1',
        doc: {
          format: 'sluice-graph',
          version: 1,
          name: 't',
          nodes: { src: { type: 'thread-source', typeVersion: 1, position: { x: 0, y: 0 }, config: { n: 7 } } },
          edges: [],
        },
        plugin: (t) => registry.get(t),
        pluginModule: (t) => registry.moduleOf(t),
        store: tmp.store.nodeStore('g1'),
        secrets: { get: async () => undefined },
        tempDir: join(tmp.dir, 'tmp'),
        onEvent: (e) => events.push(e),
      });
      expect(summary.status).toBe('succeeded');
      const warnings = events.flatMap((e) => (e.type === 'warning' ? [e.issue.message] : []));
      const reported = JSON.parse(warnings[0]!);
      expect(reported).toMatchObject({ square: 49, sdk: 'shared', mainThreadId: threadId });
      expect(reported.threadId).not.toBe(threadId);
      expect(warnings[1]).toBe('failed: no good');
    } finally {
      await tmp.dispose();
    }
  });

  it('give no runOnThread to a plugin given as a value (no module a thread could import)', () => {
    expect(registry.extend([registry.get('thread-source')!]).moduleOf('thread-source')).toBeUndefined();
  });

  it('return results and errors of a direct call, off the main thread', async () => {
    const r = await runOnPluginThread<{ threadId: number; square: number }>(task('square', { n: 12 }));
    expect(r.square).toBe(144);
    expect(r.threadId).not.toBe(threadId);
    const err = await runOnPluginThread(task('fail', 'bad input')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('bad input');
    expect((err as Error).name).toBe('TypeError');
  });

  it('move the whole buffers of a result to the caller instead of copying them, and copy the rest', async () => {
    const got = await runOnPluginThread<{ tables: Uint8Array[]; part: Uint8Array }>(task('bytes', 1000));
    expect(got.tables[0]!.byteLength).toBe(1000);
    expect(got.tables[0]!.every((b) => b === 7)).toBe(true);
    expect([...got.part]).toEqual(new Array(1000).fill(9));
    // Asked on every worker at once (each call busy long enough to hold its own): on the one that
    // ran the call above, the moved buffer is gone (detached) and the partial view, copied, is not.
    const reports = await Promise.all([task('kept', 200), task('kept', 200)].map((t) => runOnPluginThread(t)));
    expect(reports).toContainEqual({ whole: 0, part: 1000 });
    // Any other worker never ran it (with one worker, both calls ran there).
    for (const r of reports)
      expect([
        { whole: 0, part: 1000 },
        { whole: null, part: null },
      ]).toContainEqual(r);
  });

  it('name the node type and the function when the function is unknown', async () => {
    await expect(runOnPluginThread(task('cube', 3))).rejects.toThrow(
      'node type "thread-source" has no thread function "cube" (its threads: square, fail, spin, bytes, kept)',
    );
  });

  it('run on the calling thread when SLUICE_PLUGIN_THREADS is 0', async () => {
    const before = process.env.SLUICE_PLUGIN_THREADS;
    process.env.SLUICE_PLUGIN_THREADS = '0';
    try {
      await expect(runOnPluginThread(task('square', { n: 2 }))).resolves.toMatchObject({ threadId, square: 4 });
    } finally {
      if (before === undefined) delete process.env.SLUICE_PLUGIN_THREADS;
      else process.env.SLUICE_PLUGIN_THREADS = before;
    }
  });

  it('cancel a running task with its signal, and keep working after', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const spinning = runOnPluginThread(task('spin', 20_000), controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 200);
    await expect(spinning).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(runOnPluginThread(task('spin', 1))).resolves.toBe('spun');
    // An already cancelled signal does not even queue the task.
    await expect(runOnPluginThread(task('spin', 1), AbortSignal.abort(new Error('too late')))).rejects.toThrow('too late');
  });
});

describe('a built-in plugin (a dependency of the host, loaded by plain import)', () => {
  it('runs its thread functions too, its TypeScript module loaded with tsx in the worker', async () => {
    const dir = join(folder, 'builtin-threads');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'builtin-threads', version: '1.0.0', type: 'module', sluice: { apiVersion: 1, nodes: { 'thread-source': './src/index.ts' } } }),
    );
    writeFileSync(join(dir, 'src', 'index.ts'), THREAD_PLUGIN);
    // A built-in resolves its dependencies itself, as a workspace package does.
    mkdirSync(join(dir, 'node_modules', '@sluice'), { recursive: true });
    symlinkSync(join(ENGINE_DIR, 'node_modules', 'zod'), join(dir, 'node_modules', 'zod'));
    symlinkSync(join(ENGINE_DIR, 'node_modules', '@sluice', 'sdk'), join(dir, 'node_modules', '@sluice', 'sdk'));
    const builtins = await discoverPlugins({ hostDir: ENGINE_DIR, builtinDirs: [dir] });
    expect(builtins.problems).toEqual([]);
    const module = builtins.moduleOf('thread-source')!;
    expect(module.source.external).toBe(false);
    const r = await runOnPluginThread<{ threadId: number; square: number }>({ type: 'thread-source', module, name: 'square', payload: { n: 5 } });
    expect(r).toMatchObject({ square: 25 });
    expect(r.threadId).not.toBe(threadId);
  });
});

describe('a process that ran a plugin thread', () => {
  it('exits by itself once its work is done, without waiting for the idle workers', async () => {
    const url = (file: string) => JSON.stringify(new URL(file, import.meta.url).href);
    const script = `
      import { discoverPlugins } from ${url('./discover-plugins.ts')};
      import { runOnPluginThread } from ${url('./plugin-thread-pool.ts')};
      const registry = await discoverPlugins({ hostDir: ${JSON.stringify(ENGINE_DIR)}, builtinDirs: [], pluginsDir: ${JSON.stringify(folder)} });
      const r = await runOnPluginThread({ type: 'thread-source', module: registry.moduleOf('thread-source'), name: 'square', payload: { n: 3 } });
      console.log(JSON.stringify({ square: r.square, doneAt: Date.now() }));`;
    const tsx = import.meta.resolve('tsx');
    const r = await promisify(execFile)(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { timeout: 30_000 });
    const exitedAt = Date.now();
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out.square).toBe(9);
    // The workers' idle timeout is 5 s: the process did not wait for it.
    expect(exitedAt - out.doneAt).toBeLessThan(2_500);
  });
});

describe('pluginThreadCount', () => {
  it('is one per core up to two by default, or SLUICE_PLUGIN_THREADS, checked', () => {
    expect(pluginThreadCount({}, 1)).toBe(1);
    expect(pluginThreadCount({}, 8)).toBe(2);
    expect(pluginThreadCount({ SLUICE_PLUGIN_THREADS: '4' }, 2)).toBe(4);
    expect(pluginThreadCount({ SLUICE_PLUGIN_THREADS: '0' }, 2)).toBe(0);
    expect(() => pluginThreadCount({ SLUICE_PLUGIN_THREADS: 'two' }, 2)).toThrow('SLUICE_PLUGIN_THREADS must be a whole number of threads');
    expect(() => pluginThreadCount({ SLUICE_PLUGIN_THREADS: '-1' }, 2)).toThrow('not "-1"');
  });
});

describe('workerExecArgv', () => {
  it("keeps the process's options but those of node -e", () => {
    expect(workerExecArgv(['--import', 'tsx', '--input-type=module', '-e', 'code', '--max-old-space-size=512'])).toEqual([
      '--import',
      'tsx',
      '--max-old-space-size=512',
    ]);
    expect(workerExecArgv(['--input-type', 'module', '--eval=x', '--conditions=development'])).toEqual(['--conditions=development']);
  });
});
