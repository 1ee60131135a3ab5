import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadSlots } from './download-slots.ts';
import { type ListedObject, namedObjects } from './list-objects.ts';
import { createS3Client } from './s3-client.ts';
import { s3FileItem, sourceFileOf, type S3ItemOptions } from './s3-file-item.ts';
import { S3TestProxy } from '@sluice/testing/s3';
import { envSecrets, s3Fixture, type S3Fixture, S3_SETUP_TIMEOUT_MS, testAccess } from '../testing/s3-test-fixture.ts';
import { sourceS3Config } from './source-s3-config.ts';

const big = randomBytes(3 * 1024 * 1024 + 17);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let fx: S3Fixture;
let proxy: S3TestProxy;
let dir: string;

beforeAll(async () => {
  fx = await s3Fixture('item');
  await fx.put('data/big.bin', big);
  await fx.put('data/small.csv', 'a,b\n1,2\n');
  proxy = await new S3TestProxy(fx.server.endpoint).start();
  dir = await mkdtemp(join(tmpdir(), 'sluice-s3-item-'));
}, S3_SETUP_TIMEOUT_MS);
afterAll(async () => {
  await proxy?.stop();
  fx?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function describeObject(key: string): Promise<ListedObject> {
  const client = await createS3Client(sourceS3Config.parse(fx.config()), { secrets: envSecrets, access: testAccess() });
  for await (const o of namedObjects(client, fx.bucket, [{ key }], { onMissing: () => {} })) return o;
  throw new Error(`${key} not found`);
}

async function item(key: string, extra: Partial<S3ItemOptions> = {}, configExtra: Record<string, unknown> = {}) {
  const client = await createS3Client(sourceS3Config.parse(fx.config(configExtra, proxy.endpoint)), { secrets: envSecrets, access: testAccess() });
  const origin = sourceFileOf('src', fx.bucket, await describeObject(key));
  let spools = 0;
  const file = s3FileItem(origin, {
    client,
    bucket: fx.bucket,
    maxAttempts: 4,
    spoolPath: async () => join(dir, `${++spools}-${key.replace(/\//g, '_')}`),
    ...extra,
  });
  return { file, origin, spools: () => spools };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('s3FileItem', () => {
  it('has a fingerprint from size and ETag, and streams the object only when opened', async () => {
    proxy.resetCounts();
    const { file, origin } = await item('data/big.bin', { spoolOnOpenBytes: 0 });
    expect(origin.fingerprint).toBe(`e:${big.length}:${origin.etag}`);
    expect(origin.uri).toBe(`s3://${fx.bucket}/data/big.bin`);
    expect(file.name).toBe('big.bin');
    expect(proxy.counts.GetObject).toBe(0);
    const stream = await file.open();
    // A stream of chunks, not one buffer of the whole object.
    const first = (await stream[Symbol.asyncIterator]().next()).value as Buffer;
    expect(first.length).toBeLessThan(big.length);
    stream.destroy();
    expect(sha(await readAll(await file.open()))).toBe(sha(big));
    expect(proxy.counts.GetObject).toBe(2);
  });

  it('resumes a download cut off mid-body from the last byte received', async () => {
    const resumed: number[] = [];
    const { file } = await item('data/big.bin', { onResume: (_f, offset) => resumed.push(offset), spoolOnOpenBytes: 0 });
    proxy.inject({ op: 'GetObject', times: 2, cutAfterBytes: 1024 * 1024 });
    const bytes = await readAll(await file.open());
    expect(sha(bytes)).toBe(sha(big));
    expect(resumed.length).toBe(2);
    expect(resumed[0]).toBeGreaterThan(0);
    expect(resumed[1]).toBeGreaterThan(resumed[0]!);
  });

  it('retries a throttled GetObject (503 SlowDown)', async () => {
    const { file } = await item('data/small.csv');
    proxy.resetCounts();
    proxy.inject({ op: 'GetObject', times: 2, error: { status: 503, code: 'SlowDown' } });
    expect((await readAll(await file.open())).toString()).toBe('a,b\n1,2\n');
    expect(proxy.counts.GetObject).toBe(3);
  });

  it('spools to a local path once, however often it is asked', async () => {
    const { file, spools } = await item('data/big.bin');
    proxy.resetCounts();
    const [a, b] = await Promise.all([file.localPath(), file.localPath()]);
    expect(a).toBe(b);
    expect(sha(readFileSync(a))).toBe(sha(big));
    expect(spools()).toBe(1);
    expect(proxy.counts.GetObject).toBe(1);
  });

  it('downloads a small object once: a sniffed head, the spool and later opens read the local copy', async () => {
    const { file, spools } = await item('data/small.csv');
    proxy.resetCounts();
    const head = await file.open();
    expect(((await head[Symbol.asyncIterator]().next()).value as Buffer).subarray(0, 3).toString()).toBe('a,b');
    head.destroy();
    expect(readFileSync(await file.localPath(), 'utf8')).toBe('a,b\n1,2\n');
    expect((await readAll(await file.open())).toString()).toBe('a,b\n1,2\n');
    expect(spools()).toBe(1);
    expect(proxy.counts.GetObject).toBe(1);
  });

  it('streams a large object until it is spooled, then reads the spool', async () => {
    const { file } = await item('data/big.bin', { spoolOnOpenBytes: 1024 });
    proxy.resetCounts();
    expect(sha(await readAll(await file.open()))).toBe(sha(big));
    expect(proxy.counts.GetObject).toBe(1);
    await file.localPath();
    expect(sha(await readAll(await file.open()))).toBe(sha(big));
    expect(proxy.counts.GetObject).toBe(2);
  });

  it('prefetches a small object through the download slots, and the reader gets that download', async () => {
    const scheduled: string[] = [];
    const slots = new DownloadSlots({ maxInFlight: 4, maxBytes: 1024 * 1024 });
    const schedule: DownloadSlots['schedule'] = (key, bytes, urgent, download) => {
      scheduled.push(`${key} ${urgent ? 'now' : 'ahead'}`);
      return slots.schedule(key, bytes, urgent, download);
    };
    const { file, spools } = await item('data/small.csv', { slots: { schedule } });
    proxy.resetCounts();
    file.prefetch!();
    file.prefetch!();
    expect(readFileSync(await file.localPath(), 'utf8')).toBe('a,b\n1,2\n');
    expect(scheduled).toEqual(['data/small.csv ahead']);
    expect(spools()).toBe(1);
    expect(proxy.counts.GetObject).toBe(1);
    // A large object is left to stream to its reader; so is one over the bytes downloaded ahead.
    const large = await item('data/big.bin', { slots: { schedule }, spoolOnOpenBytes: 1024 });
    large.file.prefetch!();
    const overBudget = await item('data/big.bin', { slots: { schedule }, prefetchUpTo: 1024 });
    overBudget.file.prefetch!();
    expect(scheduled).toEqual(['data/small.csv ahead']);
    expect(large.spools() + overBudget.spools()).toBe(0);
    // Read, it goes through the slots too, as a download its reader waits for.
    await large.file.localPath();
    expect(scheduled).toEqual(['data/small.csv ahead', 'data/big.bin now']);
    await slots.close();
  });

  it('fails over maxFileSize naming the object and both sizes, without downloading it', async () => {
    const { file } = await item('data/big.bin', { maxFileSize: 1000 });
    proxy.resetCounts();
    await expect(file.open()).rejects.toThrow(
      `s3://${fx.bucket}/data/big.bin: is ${big.length} bytes, over the maxFileSize of 1000 bytes; it was not downloaded`,
    );
    await expect(file.localPath()).rejects.toThrow('over the maxFileSize');
    expect(proxy.counts.GetObject).toBe(0);
  });

  it('fails, naming the cause, when the object changed or went away since it was listed', async () => {
    await fx.put('data/moving.csv', 'v1\n');
    const { file } = await item('data/moving.csv');
    await fx.put('data/moving.csv', 'v2 is longer\n');
    await expect(file.open().then(readAll)).rejects.toThrow(
      /data\/moving\.csv: changed since it was listed \(ETag [0-9a-f]+ no longer matches\); it is read again next run/,
    );
    await fx.put('data/gone.csv', 'x\n');
    const gone = await item('data/gone.csv');
    await fx.client.send(new DeleteObjectCommand({ Bucket: fx.bucket, Key: 'data/gone.csv' }));
    await expect(gone.file.open().then(readAll)).rejects.toThrow(`s3://${fx.bucket}/data/gone.csv: was deleted since it was listed`);
  });

  it('reads an object rewritten with the same bytes (same ETag) as the same version', async () => {
    const { file } = await item('data/small.csv');
    await fx.put('data/small.csv', 'a,b\n1,2\n');
    expect((await readAll(await file.open())).toString()).toBe('a,b\n1,2\n');
  });
});
