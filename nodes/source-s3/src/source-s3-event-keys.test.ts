import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, HeadObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runTestGraph, type TestRun } from '@sluice/engine/testing';
import { cleanEtag, type KeyFacts } from '@sluice/sdk';
import { openStore } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from './index.ts';
import { bronzeRows } from '../testing/bronze-rows.ts';
import type { S3TestProxy } from '@sluice/testing/s3';
import { chain, proxiedS3Fixture, type S3Fixture, S3_SETUP_TIMEOUT_MS } from '../testing/s3-test-fixture.ts';

// Keys named by bucket events with the object's facts (params.keyFacts, as the runtime hands them
// from its event log): source-s3 -> checkpoint -> parse-csv -> bronze-sink against the real Ceph
// RGW, through the counting proxy (HeadObject and GetObject calls are the real requests made).
let fx: S3Fixture;
let proxy: S3TestProxy;

beforeAll(async () => {
  ({ fx, proxy } = await proxiedS3Fixture('event-keys'));
}, S3_SETUP_TIMEOUT_MS);
afterAll(() => Promise.all([proxy?.stop(), fx?.dispose()]));

function pipeline(source: Record<string, unknown> = {}, checkpoint: Record<string, unknown> = {}) {
  return chain('s3 event keys', [
    { id: 'src', type: 'source-s3', config: fx.config({ prefix: 'in/', ...source }, proxy.endpoint) },
    { id: 'cp', type: 'checkpoint', config: checkpoint },
    { id: 'csv', type: 'parse-csv', config: {}, from: 'table' },
    { id: 'sink', type: 'bronze-sink', config: { table: 't' }, to: 'table' },
  ]);
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'sluice-s3-event-keys-'));

/** A run with the requests it made through the proxy. */
async function run(doc: ReturnType<typeof pipeline>, dir: string, params?: Record<string, unknown>) {
  proxy.resetCounts();
  const r = await runTestGraph(doc, { dataDir: dir, plugins: [plugin], ...(params ? { params } : {}) });
  return { ...r, heads: proxy.counts.HeadObject, gets: proxy.counts.GetObject };
}

/** The params of a run started by bucket events for these keys, each with the facts its event gave. */
const eventKeys = (...keys: [string, KeyFacts][]) => ({ keys: keys.map(([k]) => k), keyFacts: Object.fromEntries(keys) });

/** What an honest event says of the object as it is now (asked of the server directly, not through the proxy). */
async function factsOf(key: string, bucket = fx.bucket): Promise<KeyFacts & { lastModified: Date }> {
  const h = await fx.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    bucket,
    size: h.ContentLength!,
    etag: cleanEtag(h.ETag)!,
    ...(h.VersionId && h.VersionId !== 'null' ? { versionId: h.VersionId } : {}),
    lastModified: h.LastModified!,
  };
}
const facts = ({ lastModified: _at, ...f }: KeyFacts & { lastModified: Date }): KeyFacts => f;

const byStatus = (r: TestRun, status: string) =>
  r.events
    .filter((e) => e.type === 'file' && e.status === status)
    .map((e) => (e as { key: string }).key)
    .sort();
const warnings = (r: TestRun) => r.summary.warnings.map((w) => w.message);

/** The checkpoint record of a key, as the store keeps it. */
async function recordOf(dir: string, key: string) {
  const store = openStore({ dataDir: dir });
  try {
    return await store.nodeStore('test-graph').checkpoints.get('src', key);
  } finally {
    await store.close();
  }
}

type Row = { _source_file: string; _source_modified_at: Date; id: string; v: string };
const rows = async (dir: string) => (await bronzeRows(dir, ['_source_file', '_source_modified_at', 'id', 'v'])) as Row[];
const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
const put = async (key: string, body: string, bucket = fx.bucket) => fx.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

describe('source-s3 with the facts of bucket events', () => {
  it('lands an event key without a HeadObject; the version gets the identity and audit values a listing gives it', async () => {
    const key = 'in/same/a.csv';
    await put(key, 'id,v\n1,a\n2,b\n');
    const f = await factsOf(key);
    const doc = pipeline({ prefix: 'in/same/' });

    const byEvent = dataDir();
    const r = await run(doc, byEvent, eventKeys([key, facts(f)]));
    expect(r.summary.status).toBe('succeeded');
    expect(byStatus(r, 'processed')).toEqual([key]);
    expect({ heads: r.heads, gets: r.gets, lists: proxy.counts.ListObjectsV2 }).toEqual({ heads: 0, gets: 1, lists: 0 });
    // The time comes from the GET's Last-Modified, in whole seconds: the object's, not the epoch.
    expect((await rows(byEvent)).map((x) => x._source_modified_at.getTime())).toEqual([
      wholeSeconds(f.lastModified).getTime(),
      wholeSeconds(f.lastModified).getTime(),
    ]);

    // The same version landed by a listing, in another data folder: the same record and audit values.
    const byListing = dataDir();
    expect(byStatus(await run(doc, byListing), 'processed')).toEqual([key]);
    const identity = async (dir: string) => {
      const rec = (await recordOf(dir, key))!;
      return { fingerprint: rec.fingerprint, size: rec.size, etag: rec.etag, modifiedAt: rec.modifiedAt, status: rec.status, rows: rec.rows };
    };
    expect(await identity(byEvent)).toEqual(await identity(byListing));
    expect(await identity(byEvent)).toMatchObject({ fingerprint: `e:${f.size}:${f.etag}`, modifiedAt: wholeSeconds(f.lastModified) });
    expect((await rows(byEvent)).map((x) => x._source_modified_at)).toEqual((await rows(byListing)).map((x) => x._source_modified_at));

    // A scheduled listing after the event's run skips the version: one identity, nothing read.
    const listed = await run(doc, byEvent);
    expect(byStatus(listed, 'skipped')).toEqual([key]);
    expect(listed.gets).toBe(0);
    // And an event for a version a listing landed is skipped without a single request.
    const again = await run(doc, byListing, eventKeys([key, facts(f)]));
    expect(byStatus(again, 'skipped')).toEqual([key]);
    expect({ heads: again.heads, gets: again.gets }).toEqual({ heads: 0, gets: 0 });
  });

  it('an object overwritten after its event: that event lands nothing and says why; the later event lands the new version', async () => {
    const key = 'in/overwritten.csv';
    await put(key, 'id,v\n1,old\n');
    const first = facts(await factsOf(key));
    await put(key, 'id,v\n1,new\n2,new\n');
    const second = await factsOf(key);
    const dir = dataDir();

    const stale = await run(pipeline(), dir, eventKeys([key, first]));
    expect(stale.summary.status).toBe('succeeded');
    expect(stale.summary.files).toEqual({ processed: 0, skipped: 1, failed: 0 });
    expect(warnings(stale)).toEqual([
      `s3://${fx.bucket}/${key} left out: was overwritten since its event (ETag ${first.etag} no longer matches): the newer version's event lands it`,
    ]);
    expect(await rows(dir)).toEqual([]);
    expect(await recordOf(dir, key)).toBeUndefined();

    const fresh = await run(pipeline(), dir, eventKeys([key, facts(second)]));
    expect(byStatus(fresh, 'processed')).toEqual([key]);
    expect(fresh.heads).toBe(0);
    expect((await rows(dir)).map((x) => [x.id, x.v])).toEqual([
      ['1', 'new'],
      ['2', 'new'],
    ]);
    expect(await recordOf(dir, key)).toMatchObject({
      status: 'processed',
      fingerprint: `e:${second.size}:${second.etag}`,
      modifiedAt: wholeSeconds(second.lastModified),
    });
  });

  it('an event that lies (a forged ETag, a wrong size) lands nothing and leaves no record: a listing still lands the object', async () => {
    const key = 'in/lies/a.csv';
    const doc = pipeline({ prefix: 'in/lies/' });
    await put(key, 'id,v\n7,x\n');
    const f = facts(await factsOf(key));
    const dir = dataDir();
    const forged = 'f'.repeat(32);
    const lies = await run(doc, dir, eventKeys([key, { ...f, etag: forged }]));
    expect(lies.summary.files).toEqual({ processed: 0, skipped: 1, failed: 0 });
    expect(warnings(lies)).toEqual([expect.stringContaining(`left out: was overwritten since its event (ETag ${forged} no longer matches)`)]);
    // Its true ETag with a size that is not the object's: the store's Content-Length decides.
    const wrongSize = await run(doc, dir, eventKeys([key, { ...f, size: f.size + 100 }]));
    expect(wrongSize.summary.files).toEqual({ processed: 0, skipped: 1, failed: 0 });
    expect(warnings(wrongSize)).toEqual([
      `s3://${fx.bucket}/${key} left out: its event said ${f.size + 100} bytes for ETag ${f.etag}, the store answers ${f.size}: the event is not taken at its word (a listing lands the object)`,
    ]);
    expect(await recordOf(dir, key)).toBeUndefined();
    expect(await rows(dir)).toEqual([]);
    // Nothing recorded under the forged versions, so even with reprocessChanged off the real one lands.
    const listed = await run(doc, dir);
    expect(byStatus(listed, 'processed')).toEqual([key]);
    const strict = dataDir();
    await run(doc, strict, eventKeys([key, { ...f, etag: forged }]));
    expect(byStatus(await run(pipeline({ prefix: 'in/lies/' }, { reprocessChanged: false }), strict), 'processed')).toEqual([key]);
  });

  it('a deleted object is reported, the run goes on with the other keys', async () => {
    const [gone, kept] = ['in/deleted.csv', 'in/kept.csv'];
    await put(gone, 'id,v\n1,a\n');
    await put(kept, 'id,v\n2,b\n');
    const [g, k] = [facts(await factsOf(gone)), facts(await factsOf(kept))];
    await fx.client.send(new DeleteObjectCommand({ Bucket: fx.bucket, Key: gone }));
    const dir = dataDir();
    const r = await run(pipeline(), dir, eventKeys([gone, g], [kept, k]));
    expect(r.summary.status).toBe('succeeded');
    expect(r.summary.files).toEqual({ processed: 1, skipped: 1, failed: 0 });
    expect(warnings(r)).toEqual([`s3://${fx.bucket}/${gone} left out: does not exist (deleted since the event?)`]);
    expect((await rows(dir)).map((x) => x._source_file)).toEqual([`s3://${fx.bucket}/${kept}`]);
    expect(await recordOf(dir, gone)).toBeUndefined();
  });

  it('size limits hold whatever the event claims: a claim over maxFileSize is looked up, a claim under it is checked against the GET', async () => {
    const [small, big] = ['in/limit-small.csv', 'in/limit-big.csv'];
    await put(small, 'id,v\n1,a\n');
    await put(big, `id,v\n${Array.from({ length: 100 }, (_, i) => `${i},${'x'.repeat(20)}`).join('\n')}\n`);
    const [s, b] = [facts(await factsOf(small)), facts(await factsOf(big))];
    const dir = dataDir();
    // A small object whose event claims a size over the limit: a HeadObject gives the real one, and it lands.
    const claimedBig = await run(pipeline({ maxFileSize: 1000 }), dir, eventKeys([small, { ...s, size: 5000 }]));
    expect(byStatus(claimedBig, 'processed')).toEqual([small]);
    expect(claimedBig.heads).toBe(1);
    // A big object whose event claims a small size: its GET's Content-Length refuses it before a byte is read.
    const claimedSmall = await run(pipeline({ maxFileSize: 1000 }), dir, eventKeys([big, { ...b, size: 100 }]));
    expect(claimedSmall.summary.files).toEqual({ processed: 0, skipped: 1, failed: 0 });
    expect(warnings(claimedSmall)).toEqual([expect.stringMatching(/its event said 100 bytes .* the store answers \d{4}/)]);
    // The big object named honestly is over the limit as a listed one is: failed, never downloaded.
    const honest = await run(pipeline({ maxFileSize: 1000 }), dir, eventKeys([big, b]));
    expect(byStatus(honest, 'failed')).toEqual([big]);
    expect({ heads: honest.heads, gets: honest.gets }).toEqual({ heads: 1, gets: 0 });
    expect(honest.summary.errors[0]?.message).toMatch(/over the maxFileSize of 1000 bytes; it was not downloaded/);
  });

  it("takes no facts given for another bucket: the key is looked up in the source's own", async () => {
    const key = 'in/other-bucket.csv';
    await put(key, 'id,v\n1,a\n');
    const f = facts(await factsOf(key));
    const r = await run(pipeline(), dataDir(), eventKeys([key, { ...f, bucket: 'elsewhere' }]));
    expect(byStatus(r, 'processed')).toEqual([key]);
    expect(r.heads).toBe(1);
  });

  it('in a versioned bucket, a late event for an older version lands nothing: never old bytes over newer ones', async () => {
    const bucket = await fx.server.newBucket('event-keys-versioned');
    await fx.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const key = 'in/v.csv';
    await put(key, 'id,v\n1,A\n', bucket);
    const v1 = facts(await factsOf(key, bucket));
    await put(key, 'id,v\n1,B\n', bucket);
    const v2 = facts(await factsOf(key, bucket));
    expect(v1.versionId && v2.versionId && v1.versionId !== v2.versionId).toBe(true);
    const dir = dataDir();
    const doc = pipeline({ bucket });
    const values = async () => (await rows(dir)).map((x) => x.v);

    expect(byStatus(await run(doc, dir, eventKeys([key, v2])), 'processed')).toEqual([key]);
    expect(await values()).toEqual(['B']);
    // v1's event arrives late: v1 is still readable by its version id, but it is not the current version.
    const late = await run(doc, dir, eventKeys([key, v1]));
    expect(late.summary.files).toEqual({ processed: 0, skipped: 1, failed: 0 });
    expect(await values()).toEqual(['B']);

    // The bytes of v1 uploaded again (v3: v1's ETag, a new version id): v1's event still names v1.
    await put(key, 'id,v\n1,A\n', bucket);
    const v3 = facts(await factsOf(key, bucket));
    expect(v3.etag).toBe(v1.etag);
    const same = await run(doc, dir, eventKeys([key, v1]));
    expect(warnings(same)).toEqual([expect.stringContaining(`its event named version ${v1.versionId}, the current version is ${v3.versionId} (same ETag)`)]);
    expect(await values()).toEqual(['B']);
    expect(byStatus(await run(doc, dir, eventKeys([key, v3])), 'processed')).toEqual([key]);
    expect(await values()).toEqual(['A']);
    expect(await recordOf(dir, key)).toMatchObject({ versionId: v3.versionId, etag: v3.etag });
  });

  it('with a retention horizon, a new event key is confirmed by a HeadObject before the checkpoint decides', async () => {
    const dir = dataDir();
    const doc = pipeline({ prefix: 'in/retention/' }, { retentionDays: 30 });
    await put('in/retention/first.csv', 'id,v\n1,a\n');
    // A listing run moves the watermark: from then on the checkpoint has a retention horizon.
    expect(byStatus(await run(doc, dir), 'processed')).toEqual(['in/retention/first.csv']);
    const key = 'in/retention/second.csv';
    await put(key, 'id,v\n2,b\n');
    const f = await factsOf(key);
    const r = await run(doc, dir, eventKeys([key, facts(f)]));
    expect(byStatus(r, 'processed')).toEqual([key]);
    expect({ heads: r.heads, gets: r.gets }).toEqual({ heads: 1, gets: 1 });
    expect(await recordOf(dir, key)).toMatchObject({ modifiedAt: wholeSeconds(f.lastModified) });
    // A forged version is found gone by that HeadObject, before anything is downloaded.
    const forged = await run(doc, dir, eventKeys(['in/retention/third.csv', { ...facts(f), etag: '0'.repeat(32) }]));
    expect(forged.summary.files).toEqual({ processed: 0, skipped: 1, failed: 0 });
    expect(forged.gets).toBe(0);
    expect(warnings(forged)).toEqual([expect.stringContaining('left out: does not exist (deleted since the event?)')]);
  });
});
