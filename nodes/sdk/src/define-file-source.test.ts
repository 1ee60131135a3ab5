import { Readable } from 'node:stream';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNodeConformance } from './conformance.ts';
import { listedSourceFile, triggerKeys } from './define-file-source.ts';
import memorySource, { folders } from './fixtures/memory-source/memory-source.ts';
import type { FileOutcome, NodeContext } from './node-context.ts';
import type { FileItem } from './port-items.ts';

runNodeConformance(memorySource, { packageDir: join(dirname(fileURLToPath(import.meta.url)), 'fixtures/memory-source'), validConfig: { folder: 'f' } });

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const put = (folder: string, files: Record<string, number>) =>
  folders.set(folder, new Map(Object.entries(files).map(([key, s]) => [key, { bytes: Buffer.from(key), modifiedAt: T(s) }])));

/** Runs the source once as the executor would (open, run, close), with a watermark kept between runs. */
async function run(config: Record<string, unknown>, o: { params?: Record<string, unknown>; watermark?: Date; fail?: string[] } = {}) {
  const parsed = memorySource.config.parse(config);
  let watermark = o.watermark;
  const emitted: FileItem[] = [];
  const warnings: string[] = [];
  const checkpoints = {
    get: () => undefined,
    getMany: () => new Map(),
    getWatermark: () => watermark,
    setWatermark: (_n: string, at: Date) => void (watermark = at),
  };
  const ctx = {
    nodeId: 'src',
    params: o.params ?? {},
    signal: new AbortController().signal,
    state: (await memorySource.open!(parsed, {} as never)) as never,
    store: { checkpoints, transaction: (fn: (tx: unknown) => unknown) => fn({ checkpoints }) },
    log: { info: () => {}, warn: () => {}, debug: () => {}, error: () => {} },
    warn: (m: string) => void warnings.push(m),
    progress: () => {},
    async emit(_port: string, item: FileItem, opts?: { onSettled?: (outcome: FileOutcome, tx: never) => void }) {
      emitted.push(item);
      const failed = o.fail?.includes(item.origin.key);
      opts?.onSettled?.(failed ? { status: 'failed', error: 'x', rows: 0, landings: [] } : { status: 'processed', rows: 1, landings: [] }, {} as never);
    },
  } as unknown as NodeContext<never>;
  await memorySource.run(parsed, null, ctx);
  await memorySource.close!(parsed, ctx, 'succeeded');
  return { keys: emitted.map((i) => i.origin.key), emitted, warnings, watermark };
}

describe('defineFileSource (a ~60-line in-memory source)', () => {
  it('lists, applies include and exclude patterns on keys, and records each file by its listing', async () => {
    put('a', { 'in/x.csv': 1, 'in/tmp_y.csv': 2, 'in/z.json': 3 });
    const r = await run({ folder: 'a', patterns: ['*.csv', '!tmp_*'] });
    expect(r.keys).toEqual(['in/x.csv']);
    expect(r.emitted[0]!.origin).toMatchObject({ sourceNode: 'src', uri: 'memory://a/in/x.csv', size: 8, fingerprint: `m:8:${T(1).getTime()}` });
    expect(await new Response(Readable.toWeb((await r.emitted[0]!.open()) as Readable) as ReadableStream).text()).toBe('in/x.csv');
  });

  it('says when nothing matches, with the default words', async () => {
    put('b', { 'x.json': 1 });
    expect((await run({ folder: 'b', patterns: ['*.csv'] })).warnings).toEqual(['none of the 1 files in memory://b/ matches *.csv: nothing to ingest']);
  });

  it('takes the keys a trigger names, warning about missing and unmatched ones, and moves no watermark for them', async () => {
    put('c', { 'x.csv': 1, 'y.json': 2 });
    const r = await run({ folder: 'c', patterns: ['*.csv'] }, { params: { keys: ['x.csv', 'gone.csv', 'y.json', 'x.csv'] } });
    expect(r.keys).toEqual(['x.csv']);
    expect(r.warnings).toEqual(['memory://c/gone.csv left out: does not exist', 'memory://c/y.json left out: does not match *.csv']);
    expect(r.watermark).toBeUndefined();
    await expect(run({ folder: 'c' }, { params: { keys: 'x.csv' } })).rejects.toThrow('run parameter "keys" must be a list of file keys');
    await expect(run({ folder: 'c' }, { params: { keys: [''] } })).rejects.toThrow(/must be a list/);
  });

  it('incremental: moves the watermark up to the oldest failed file and leaves out files older than watermark minus lookback', async () => {
    put('d', { 'a.csv': 10, 'b.csv': 20, 'c.csv': 30 });
    const first = await run({ folder: 'd', mode: 'incremental', lookbackSeconds: 0 }, { fail: ['b.csv'] });
    expect(first.watermark).toEqual(T(20));
    const second = await run({ folder: 'd', mode: 'incremental', lookbackSeconds: 5 }, { watermark: first.watermark });
    expect(second.keys).toEqual(['b.csv', 'c.csv']);
    expect(second.watermark).toEqual(T(30));
  });

  it('lands an upload through its upload facet, and warns when the name does not match the patterns', async () => {
    put('e', {});
    const file = (name: string) => ({ name, stream: Readable.from([Buffer.from('1,2\n')]), finished: Promise.resolve() });
    const ctx = {
      nodeId: 'src',
      dirs: { data: '/d', graph: '/g' },
      access: { inputRoots: [], outputRoots: [], allowedEndpoints: [] },
      secrets: { get: async () => undefined },
      overwrite: false,
      ledger: {} as never,
    };
    const config = memorySource.config.parse({ folder: 'e', patterns: ['*.csv'] });
    expect(await memorySource.uploads!.land(config, file('a.csv'), ctx)).toEqual({ key: 'a.csv', warnings: [] });
    expect(await memorySource.uploads!.land(config, file('notes.txt'), ctx)).toEqual({
      key: 'notes.txt',
      warnings: ['"notes.txt" does not match the patterns of "src" (*.csv): a run will not pick it up'],
    });
    await expect(memorySource.uploads!.land(config, file('a.csv'), ctx)).rejects.toMatchObject({ name: 'LandingError', reason: 'exists' });
    expect([...folders.get('e')!.keys()]).toEqual(['a.csv', 'notes.txt']);
  });
});

const good = { bucket: 'landing', size: 12, etag: '9a0364b9e99bb480dd25e1f0284c8555' };

describe('triggerKeys with keyFacts', () => {
  it('gives each key the facts params.keyFacts holds for it, when they are well formed', () => {
    const keyFacts = { 'a.csv': good, 'b.csv': { ...good, etag: 'nope' }, 'x.csv': good };
    expect(triggerKeys({ keys: ['a.csv', 'b.csv', 'c.csv'], keyFacts })).toEqual([{ key: 'a.csv', facts: good }, { key: 'b.csv' }, { key: 'c.csv' }]);
  });

  it('reads plain keys as before: without keyFacts, or with keyFacts that is not a table', () => {
    expect(triggerKeys({ keys: ['a.csv'] })).toEqual([{ key: 'a.csv' }]);
    expect(triggerKeys({ keys: ['a.csv'], keyFacts: [good] })).toEqual([{ key: 'a.csv' }]);
    expect(triggerKeys({ keys: ['a.csv'], keyFacts: 'a.csv' })).toEqual([{ key: 'a.csv' }]);
    expect(triggerKeys({})).toBeUndefined();
  });

  it('looks facts up as own entries only: "__proto__" and "constructor" are keys like any other', () => {
    const keyFacts = JSON.parse(`{"__proto__": ${JSON.stringify(good)}}`) as Record<string, unknown>;
    expect(triggerKeys({ keys: ['__proto__', 'constructor', 'toString'], keyFacts })).toEqual([
      { key: '__proto__', facts: good },
      { key: 'constructor' },
      { key: 'toString' },
    ]);
  });
});

describe('listedSourceFile', () => {
  it("keeps an entry's unconfirmed mark, and gives it the fingerprint a listing gives the same size and ETag", () => {
    const listed = listedSourceFile('src', 's3://b/k', { key: 'k', size: 12, modifiedAt: T(5), etag: good.etag });
    const named = listedSourceFile('src', 's3://b/k', { key: 'k', size: 12, modifiedAt: new Date(0), etag: good.etag, unconfirmed: true });
    expect(named).toMatchObject({ unconfirmed: true, fingerprint: listed.fingerprint });
    expect(listed.unconfirmed).toBeUndefined();
  });
});
