import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { runTestGraph, type TestRun } from '@sluice/engine/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import plugin from './index.ts';
import type { S3TestProxy } from '@sluice/testing/s3';
import { chain, proxiedS3Fixture, type S3Fixture, S3_SETUP_TIMEOUT_MS } from '../testing/s3-test-fixture.ts';

// Downloads ahead (prefetchObjects, prefetchBytes) through the whole pipeline, against the real S3
// server behind the counting proxy: source-s3 -> checkpoint -> decompress -> parse-csv -> bronze-sink.
let fx: S3Fixture;
let proxy: S3TestProxy;

beforeAll(async () => {
  ({ fx, proxy } = await proxiedS3Fixture('ahead'));
}, S3_SETUP_TIMEOUT_MS);
afterAll(() => Promise.all([proxy?.stop(), fx?.dispose()]));
afterEach(() => {
  proxy.beforeGet = undefined;
});

function pipeline(source: Record<string, unknown>) {
  return chain('s3 ahead', [
    { id: 'src', type: 'source-s3', config: fx.config(source, proxy.endpoint) },
    { id: 'cp', type: 'checkpoint', config: {} },
    { id: 'gz', type: 'decompress', config: {} },
    { id: 'csv', type: 'parse-csv', config: {}, from: 'table' },
    { id: 'sink', type: 'bronze-sink', config: { table: 't' }, to: 'table' },
  ]);
}

const byStatus = (r: TestRun, status: string) =>
  r.events
    .filter((e) => e.type === 'file' && e.status === status)
    .map((e) => (e as { key: string }).key)
    .sort();

const keysOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}obj-${String(i).padStart(3, '0')}.csv`);

async function putObjects(keys: string[]): Promise<void> {
  await fx.putMany(keys.map((k, i) => [k, `id,v\n${i},${k}\n`]));
}

/** Lets the calls pile up a little, as on a store farther away than this machine. */
const slowStore = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

describe('source-s3 downloads ahead', () => {
  it('keeps at most prefetchObjects GETs in flight, and lands every object exactly once', async () => {
    const prefix = 'many/';
    const keys = keysOf(prefix, 40);
    await putObjects(keys);
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-s3-ahead-'));
    proxy.resetCounts();
    proxy.beforeGet = slowStore;
    const first = await runTestGraph(pipeline({ prefix, prefetchObjects: 3 }), { dataDir, plugins: [plugin] });
    expect(first.summary.status).toBe('succeeded');
    expect(byStatus(first, 'processed')).toEqual(keys);
    // One GET per object, never more than 3 at once, and more than one at once: downloads overlap.
    expect([...proxy.gets.entries()].sort()).toEqual(keys.map((k) => [k, 1]));
    expect(proxy.maxGetsInFlight).toBeLessThanOrEqual(3);
    expect(proxy.maxGetsInFlight).toBeGreaterThan(1);
    expect(first.summary.rows).toBe(40);

    // The checkpoint skips them all: nothing is downloaded, ahead or not.
    proxy.resetCounts();
    const again = await runTestGraph(pipeline({ prefix, prefetchObjects: 3 }), { dataDir, plugins: [plugin] });
    expect(byStatus(again, 'skipped')).toEqual(keys);
    expect(proxy.counts.GetObject).toBe(0);
  });

  it('fails an object deleted between the listing and its download alone, naming its key; the others land', async () => {
    const prefix = 'deleted/';
    const keys = keysOf(prefix, 20);
    await putObjects(keys);
    const victim = keys[7]!;
    proxy.resetCounts();
    proxy.beforeGet = async (key) => {
      if (key === victim) await fx.client.send(new DeleteObjectCommand({ Bucket: fx.bucket, Key: key }));
    };
    const r = await runTestGraph(pipeline({ prefix, prefetchObjects: 4 }), { dataDir: mkdtempSync(join(tmpdir(), 'sluice-s3-ahead-')), plugins: [plugin] });
    expect(byStatus(r, 'failed')).toEqual([victim]);
    expect(byStatus(r, 'processed')).toEqual(keys.filter((k) => k !== victim));
    expect(r.summary.rows).toBe(19);
    const messages = r.summary.errors.map((e) => e.message).join('\n');
    expect(messages).toContain(`s3://${fx.bucket}/${victim}: was deleted since it was listed`);
    expect(messages).not.toContain(fx.server.secretAccessKey);
  });

  it('a run cancelled while downloads are in flight aborts them and leaves no spool file', async () => {
    const prefix = 'cancel/';
    const keys = keysOf(prefix, 30);
    await putObjects(keys);
    // The spool folder is made under the temporary folder: a fresh one shows what is left behind.
    const temp = mkdtempSync(join(tmpdir(), 'sluice-s3-cancel-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    const spools = () => readdirSync(temp).filter((n) => n.startsWith('sluice-s3-spool-'));
    const controller = new AbortController();
    let spoolsDuringRun: string[] = [];
    let spooledDuringRun: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    proxy.resetCounts();
    proxy.beforeGet = async () => {
      // The 6th GET: earlier downloads are in the spool, this one and the next are held in flight.
      if (proxy.counts.GetObject === 6) {
        spoolsDuringRun = spools();
        spooledDuringRun = spoolsDuringRun.flatMap((d) => readdirSync(join(temp, d)));
        controller.abort();
      }
      if (proxy.counts.GetObject >= 6) await held;
    };
    try {
      const r = await runTestGraph(pipeline({ prefix, prefetchObjects: 4 }), {
        dataDir: mkdtempSync(join(tmpdir(), 'sluice-s3-ahead-')),
        plugins: [plugin],
        signal: controller.signal,
      });
      expect(r.summary.status).toBe('cancelled');
      // While it went: one spool folder, holding the downloads in flight (their files open).
      expect(spoolsDuringRun).toHaveLength(1);
      expect(spooledDuringRun.length).toBeGreaterThan(0);
      // Once it has ended: the GETs held in flight were aborted, and nothing is left.
      await vi.waitFor(() => expect(proxy.getsInFlight).toBe(0));
      expect(spools()).toEqual([]);
    } finally {
      release();
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
