import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listObjects, namedObjects } from './list-objects.ts';
import { createS3Client } from './s3-client.ts';
import { sourceFileOf } from './s3-file-item.ts';
import { sourceS3Config } from './source-s3-config.ts';
import { S3TestProxy } from '@sluice/testing/s3';
import { envSecrets, s3Fixture, type S3Fixture, S3_SETUP_TIMEOUT_MS, testAccess } from '../testing/s3-test-fixture.ts';

let fx: S3Fixture;
let proxy: S3TestProxy;
const keys = Array.from({ length: 300 }, (_, i) => `many/${String(i).padStart(4, '0')}.csv`);

beforeAll(async () => {
  fx = await s3Fixture('list');
  await fx.putMany(
    keys.map((k) => [k, `id\n${k}\n`]),
    32,
  );
  await fx.put('other/a.csv', 'x');
  await fx.put('many/folder-marker/', '');
  proxy = await new S3TestProxy(fx.server.endpoint).start();
}, S3_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await proxy?.stop();
  fx?.dispose();
});

async function clientVia(endpoint: string, extra: Record<string, unknown> = {}) {
  return createS3Client(sourceS3Config.parse(fx.config(extra, endpoint)), { secrets: envSecrets, access: testAccess() });
}

describe('listObjects', () => {
  it('lists 300 objects across 9 pages, yielding each page as it arrives', async () => {
    const client = await clientVia(proxy.endpoint);
    proxy.resetCounts();
    const seen: string[] = [];
    let pagesWhenFirstYielded = 0;
    for await (const o of listObjects(client, { bucket: fx.bucket, prefix: 'many/', pageSize: 37 })) {
      if (seen.length === 0) pagesWhenFirstYielded = proxy.counts.ListObjectsV2;
      seen.push(o.key);
      expect(o.size).toBe(`id\n${o.key}\n`.length);
      expect(o.etag).toMatch(/^[0-9a-f]{32}$/);
    }
    client.destroy();
    expect(seen).toEqual(keys); // every key once, in key order; the folder marker left out
    expect(proxy.counts.ListObjectsV2).toBe(Math.ceil(300 / 37));
    expect(pagesWhenFirstYielded).toBe(1);
  });

  it('retries throttling (SlowDown, 503) with backoff and goes on', async () => {
    const client = await clientVia(proxy.endpoint, { maxAttempts: 3 });
    proxy.resetCounts();
    proxy.inject({ op: 'ListObjectsV2', times: 2, error: { status: 503, code: 'SlowDown' } });
    const seen = [];
    for await (const o of listObjects(client, { bucket: fx.bucket, prefix: 'other/', pageSize: 1000 })) seen.push(o.key);
    client.destroy();
    expect(seen).toEqual(['other/a.csv']);
    expect(proxy.counts.ListObjectsV2).toBe(3);
  });

  it("gives up after maxAttempts with the store's error code", async () => {
    const client = await clientVia(proxy.endpoint, { maxAttempts: 2 });
    proxy.inject({ op: 'ListObjectsV2', times: 2, error: { status: 503, code: 'SlowDown' } });
    const list = async () => {
      for await (const _ of listObjects(client, { bucket: fx.bucket, prefix: 'other/', pageSize: 1000 })) void _;
    };
    await expect(list()).rejects.toMatchObject({ name: 'SlowDown' });
    client.destroy();
  });
});

describe('namedObjects', () => {
  it('describes the named objects like a listing, and reports missing ones', async () => {
    const client = await clientVia(fx.server.endpoint);
    const missing: string[] = [];
    const listed = [];
    for await (const o of listObjects(client, { bucket: fx.bucket, prefix: 'many/000', pageSize: 1000 })) listed.push(o);
    const headed = [];
    const named = [{ key: 'many/0001.csv' }, { key: 'many/nope.csv' }, { key: 'many/0002.csv' }];
    for await (const o of namedObjects(client, fx.bucket, named, { onMissing: (k) => missing.push(k) })) headed.push(o);
    client.destroy();
    expect(missing).toEqual(['many/nope.csv']);
    const byKey = new Map(listed.map((o) => [o.key, o]));
    for (const h of headed) {
      const l = byKey.get(h.key)!;
      expect({ size: h.size, etag: h.etag, at: h.modifiedAt }).toEqual({ size: l.size, etag: l.etag, at: l.modifiedAt });
      expect(h.modifiedAt.getMilliseconds()).toBe(0);
    }
    expect(headed.map((h) => h.key)).toEqual(['many/0001.csv', 'many/0002.csv']);
  });
});

describe('multipart objects (Ceph RGW ETag quirk)', () => {
  it('get one fingerprint from the listing and from HeadObject, even when CompleteMultipartUpload gave no ETag', async () => {
    const key = 'multi/big.bin';
    const { UploadId } = await fx.client.send(new CreateMultipartUploadCommand({ Bucket: fx.bucket, Key: key }));
    const parts = [Buffer.alloc(5 * 1024 * 1024, 1), Buffer.from('tail')];
    const etags = [];
    for (const [i, body] of parts.entries()) {
      const p = await fx.client.send(new UploadPartCommand({ Bucket: fx.bucket, Key: key, UploadId, PartNumber: i + 1, Body: body }));
      etags.push({ ETag: p.ETag, PartNumber: i + 1 });
    }
    await fx.client.send(new CompleteMultipartUploadCommand({ Bucket: fx.bucket, Key: key, UploadId, MultipartUpload: { Parts: etags } }));
    const client = await clientVia(fx.server.endpoint);
    const listed = [];
    for await (const o of listObjects(client, { bucket: fx.bucket, prefix: 'multi/', pageSize: 1000 })) listed.push(o);
    const headed = [];
    for await (const o of namedObjects(client, fx.bucket, [{ key }], { onMissing: () => {} })) headed.push(o);
    client.destroy();
    expect(listed[0]!.etag).toMatch(/^[0-9a-f]{32}-2$/); // an MD5 of the part MD5s, not of the content
    expect(sourceFileOf('src', fx.bucket, headed[0]!).fingerprint).toBe(sourceFileOf('src', fx.bucket, listed[0]!).fingerprint);
    expect(listed[0]!.size).toBe(5 * 1024 * 1024 + 4);
  });
});
