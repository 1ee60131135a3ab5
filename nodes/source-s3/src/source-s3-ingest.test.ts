import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { openStore } from '@sluice/store';
import { runTestGraph, type TestRun } from '@sluice/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { bronzeRows } from '../testing/bronze-rows.ts';
import { S3TestProxy } from '@sluice/testing/s3';
import { chain, s3Fixture, type S3Fixture, S3_SETUP_TIMEOUT_MS } from '../testing/s3-test-fixture.ts';

// source-s3 -> checkpoint -> decompress -> parse-csv -> bronze-sink, with the real store and the
// real S3 server; the proxy in front of the server counts the GetObject calls.
let fx: S3Fixture;
let proxy: S3TestProxy;

beforeAll(async () => {
  fx = await s3Fixture('ingest');
  proxy = await new S3TestProxy(fx.server.endpoint).start();
}, S3_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await proxy?.stop();
  fx?.dispose();
});

function pipeline(source: Record<string, unknown>, checkpoint: Record<string, unknown> = {}) {
  return chain('s3 ingest', [
    { id: 'src', type: 'source-s3', config: fx.config(source, proxy.endpoint) },
    { id: 'cp', type: 'checkpoint', config: checkpoint },
    { id: 'gz', type: 'decompress', config: {} },
    { id: 'csv', type: 'parse-csv', config: {}, from: 'table' },
    { id: 'sink', type: 'bronze-sink', config: { table: 't' }, to: 'table' },
  ]);
}

/** A run, with the GetObject calls it made per object key. */
async function run(doc: ReturnType<typeof pipeline>, dataDir: string, params?: Record<string, unknown>) {
  proxy.resetCounts();
  const r = await runTestGraph(doc, { dataDir, plugins: [plugin], ...(params ? { params } : {}) });
  return { ...r, gets: proxy.counts.GetObject, downloaded: [...proxy.gets.keys()].sort() };
}

const byStatus = (r: TestRun, status: string) =>
  r.events
    .filter((e) => e.type === 'file' && e.status === status)
    .map((e) => (e as { key: string }).key)
    .sort();

/** Bronze rows of table t, sorted by source file then id. */
async function bronze(dataDir: string): Promise<{ file: string; id: string; v: string }[]> {
  return ((await bronzeRows(dataDir, ['_source_file', 'id', 'v'])) as { _source_file: string; id: string; v: string }[])
    .map((r) => ({ file: r._source_file, id: String(r.id), v: String(r.v) }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.id.localeCompare(b.id));
}

const csv = (rows: Array<[number, string]>) => `id,v\n${rows.map(([i, v]) => `${i},${v}`).join('\n')}\n`;

describe('source-s3 into Bronze', () => {
  it('lands every matching object once; a second run downloads none; a changed object replaces its rows', async () => {
    const prefix = 'daily/';
    await fx.putMany([
      [
        `${prefix}sales_1.csv`,
        csv([
          [1, 'a'],
          [2, 'b'],
        ]),
      ],
      [`${prefix}sales_2.csv`, csv([[3, 'c']])],
      [
        `${prefix}2026/sales_3.csv`,
        csv([
          [4, 'd'],
          [5, 'e'],
        ]),
      ],
      [`${prefix}readme.txt`, 'not data'],
      [`${prefix}returns_1.csv`, csv([[9, 'z']])],
    ]);
    const doc = pipeline({ prefix, patterns: ['sales_*.csv'] });
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-s3-ingest-'));
    const uri = (k: string) => `s3://${fx.bucket}/${prefix}${k}`;

    const first = await run(doc, dataDir);
    expect(first.summary.status).toBe('succeeded');
    expect(byStatus(first, 'processed')).toEqual([`${prefix}2026/sales_3.csv`, `${prefix}sales_1.csv`, `${prefix}sales_2.csv`]);
    expect(first.downloaded).toEqual([`${prefix}2026/sales_3.csv`, `${prefix}sales_1.csv`, `${prefix}sales_2.csv`]);
    expect(await bronze(dataDir)).toEqual([
      { file: uri('2026/sales_3.csv'), id: '4', v: 'd' },
      { file: uri('2026/sales_3.csv'), id: '5', v: 'e' },
      { file: uri('sales_1.csv'), id: '1', v: 'a' },
      { file: uri('sales_1.csv'), id: '2', v: 'b' },
      { file: uri('sales_2.csv'), id: '3', v: 'c' },
    ]);

    const second = await run(doc, dataDir);
    expect(second.summary.status).toBe('succeeded');
    expect(byStatus(second, 'processed')).toEqual([]);
    expect(byStatus(second, 'skipped')).toHaveLength(3);
    expect(second.gets).toBe(0);

    await fx.put(
      `${prefix}sales_1.csv`,
      csv([
        [1, 'A'],
        [2, 'B'],
        [6, 'F'],
      ]),
    );
    const third = await run(doc, dataDir);
    expect(byStatus(third, 'processed')).toEqual([`${prefix}sales_1.csv`]);
    expect(third.downloaded).toEqual([`${prefix}sales_1.csv`]);
    expect((await bronze(dataDir)).filter((r) => r.file === uri('sales_1.csv'))).toEqual([
      { file: uri('sales_1.csv'), id: '1', v: 'A' },
      { file: uri('sales_1.csv'), id: '2', v: 'B' },
      { file: uri('sales_1.csv'), id: '6', v: 'F' },
    ]);
    expect(await bronze(dataDir)).toHaveLength(6);
  });

  it('lands 1,000 objects listed over ten pages', async () => {
    const prefix = 'thousand/';
    await fx.putMany(
      Array.from({ length: 1000 }, (_, i) => [`${prefix}part-${String(i).padStart(4, '0')}.csv`, csv([[i, `r${i}`]])]),
      32,
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-s3-1000-'));
    proxy.resetCounts();
    const r = await run(pipeline({ prefix, pageSize: 100 }), dataDir);
    expect(r.summary.status).toBe('succeeded');
    expect(r.summary.files.processed).toBe(1000);
    expect(proxy.counts.ListObjectsV2).toBe(10);
    const rows = await bronze(dataDir);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((x) => x.id)).size).toBe(1000);
  }, 600_000); // ~80 s on an idle machine: the whole pipeline per file (see the report); never a timed check

  it('records an object over maxFileSize as failed without downloading it, then quarantines it', async () => {
    const prefix = 'limits/';
    await fx.putMany([
      [`${prefix}small.csv`, csv([[1, 'a']])],
      [`${prefix}huge.csv`, csv(Array.from({ length: 200 }, (_, i) => [i, 'x'.repeat(20)] as [number, string]))],
    ]);
    const doc = pipeline({ prefix, maxFileSize: 1000 }, { maxAttempts: 2 });
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-s3-limits-'));
    const first = await run(doc, dataDir);
    expect(byStatus(first, 'processed')).toEqual([`${prefix}small.csv`]);
    expect(byStatus(first, 'failed')).toEqual([`${prefix}huge.csv`]);
    expect(first.downloaded).toEqual([`${prefix}small.csv`]);
    expect(first.summary.errors.map((e) => e.message).join('\n')).toMatch(
      /limits\/huge\.csv: is \d+ bytes, over the maxFileSize of 1000 bytes; it was not downloaded/,
    );
    const second = await run(doc, dataDir);
    expect(byStatus(second, 'failed')).toEqual([`${prefix}huge.csv`]);
    expect(second.gets).toBe(0);
    const store = openStore({ dataDir });
    const record = await store.nodeStore('test-graph').checkpoints.get('src', `${prefix}huge.csv`);
    await store.close();
    expect(record?.status).toBe('quarantined');
    const third = await run(doc, dataDir);
    expect(byStatus(third, 'failed')).toEqual([]);
    expect(third.gets).toBe(0);
  });

  it('with trigger keys, lands just the objects named', async () => {
    const prefix = 'events/';
    await fx.putMany([
      [`${prefix}a.csv`, csv([[1, 'a']])],
      [`${prefix}b.csv`, csv([[2, 'b']])],
    ]);
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-s3-keys-'));
    const r = await run(pipeline({ prefix }), dataDir, { keys: [`${prefix}b.csv`] });
    expect(byStatus(r, 'processed')).toEqual([`${prefix}b.csv`]);
    expect(proxy.counts.ListObjectsV2).toBe(0);
    expect(proxy.counts.HeadObject).toBe(1);
    expect((await bronze(dataDir)).map((x) => x.id)).toEqual(['2']);
    // The same object named again (a repeated event) is skipped by its unchanged fingerprint.
    const again = await run(pipeline({ prefix }), dataDir, { keys: [`${prefix}b.csv`] });
    expect(byStatus(again, 'skipped')).toEqual([`${prefix}b.csv`]);
    expect(again.gets).toBe(0);
  });

  it('incremental: leaves out objects older than the watermark, widens by the lookback, and stops at a failed object', async () => {
    const prefix = 'incr/';
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-s3-incr-'));
    const doc = (extra: Record<string, unknown> = {}) => pipeline({ prefix, mode: 'incremental', lookbackSeconds: 0, maxFileSize: 1000, ...extra });
    const watermark = async () => {
      const store = openStore({ dataDir });
      const at = await store.nodeStore('test-graph').checkpoints.getWatermark('src');
      await store.close();
      return at;
    };
    const emitted = (r: TestRun) =>
      r.events
        .filter((e) => e.type === 'file')
        .map((e) => (e as { key: string }).key)
        .sort();

    const tick = () => new Promise((r) => setTimeout(r, 1100)); // S3 sets LastModified itself: let time pass
    await fx.put(`${prefix}a1.csv`, csv([[1, 'a']]));
    await tick();
    await fx.put(`${prefix}a2.csv`, csv([[2, 'b']]));
    const first = await run(doc(), dataDir);
    expect(byStatus(first, 'processed')).toEqual([`${prefix}a1.csv`, `${prefix}a2.csv`]);
    const w1 = await watermark();
    expect(w1).toBeDefined();

    await tick();
    await fx.put(`${prefix}b1.csv`, csv([[3, 'c']]));
    const second = await run(doc(), dataDir);
    expect(byStatus(second, 'processed')).toEqual([`${prefix}b1.csv`]);
    expect(second.downloaded).toEqual([`${prefix}b1.csv`]);
    // Objects modified before the watermark are not even emitted; one at exactly the watermark is
    // (and skipped by the checkpoint).
    const listed = await fx.client.send(new ListObjectsV2Command({ Bucket: fx.bucket, Prefix: `${prefix}a` }));
    const atWatermark = (listed.Contents ?? []).filter((o) => o.LastModified!.getTime() >= w1!.getTime()).map((o) => o.Key!);
    expect(atWatermark).not.toContain(`${prefix}a1.csv`);
    expect(emitted(second)).toEqual([...atWatermark, `${prefix}b1.csv`].sort());
    const w2 = (await watermark())!;
    expect(w2.getTime()).toBeGreaterThan(w1!.getTime());

    const widened = await run(doc({ lookbackSeconds: 3600 }), dataDir);
    expect(emitted(widened)).toEqual([`${prefix}a1.csv`, `${prefix}a2.csv`, `${prefix}b1.csv`]);
    expect(byStatus(widened, 'skipped')).toHaveLength(3);
    expect(widened.gets).toBe(0);

    await tick();
    await fx.put(`${prefix}c-too-big.csv`, csv(Array.from({ length: 100 }, (_, i) => [i, 'x'.repeat(20)] as [number, string])));
    const failing = await run(doc(), dataDir);
    expect(byStatus(failing, 'failed')).toEqual([`${prefix}c-too-big.csv`]);
    // Held back at the failed object's time at most, so that the next run lists it again.
    const c = await fx.client.send(new HeadObjectCommand({ Bucket: fx.bucket, Key: `${prefix}c-too-big.csv` }));
    expect((await watermark())!.getTime()).toBeLessThanOrEqual(c.LastModified!.getTime());
    const retry = await run(doc(), dataDir);
    expect(byStatus(retry, 'failed')).toEqual([`${prefix}c-too-big.csv`]);
  });
});
