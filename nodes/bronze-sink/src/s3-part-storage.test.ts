import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Server } from '@sluice/testing/s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseS3Root } from './s3-location.ts';
import { copyObject } from './s3-copy-object.ts';
import { s3PartStorage } from './s3-part-storage.ts';

let s3: Awaited<ReturnType<typeof startS3Server>>;
beforeAll(async () => {
  s3 = await startS3Server();
});
const client = () =>
  new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

describe('parseS3Root', () => {
  it('splits bucket and prefix, and tells local roots apart', () => {
    expect(parseS3Root('s3://lake/bronze/')).toEqual({ bucket: 'lake', prefix: 'bronze' });
    expect(parseS3Root('s3://lake')).toEqual({ bucket: 'lake', prefix: '' });
    expect(parseS3Root('/data/bronze')).toBeUndefined();
  });

  it('refuses what is not a bucket name (it may end up in a host name)', () => {
    for (const root of ['s3://user:pw@127.0.0.1:9000/x', 's3://Lake/x', 's3://a/x', 's3:///x', 'S3://evil.com:80/x']) {
      expect(() => parseS3Root(root), root).toThrow(/is not an S3 bucket name/);
    }
  });
});

describe('s3PartStorage against Ceph RGW', () => {
  it('holds a big part under its pending key (a completed multipart upload), publishes it by a copy, lists, writes text and deletes', async () => {
    const bucket = await s3.newBucket('bronze');
    const storage = await s3PartStorage(client(), { bucket, prefix: 'lake/sales' }, 5 * 1024 * 1024);
    try {
      const path = 'ingest_date=2026-11-26/part-a.parquet';
      const staged = await storage.stage(path);
      const bytes = randomBytes(12 * 1024 * 1024);
      writeFileSync(staged, bytes);
      expect(await storage.hold(staged, path)).toBe(bytes.length);
      const c = client();
      const pendingKey = 'lake/sales/ingest_date=2026-11-26/.part-a.parquet.pending';
      const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: pendingKey }));
      expect(head.ContentLength).toBe(bytes.length);
      expect(head.ETag).toMatch(/-3"$/); // a multipart object's ETag counts its parts: 12 MiB in 5 MiB parts
      // Held, not committed: nothing under a name a `*.parquet` glob matches.
      expect((await collect(storage.list())).map((f) => f.path)).toEqual(['ingest_date=2026-11-26/.part-a.parquet.pending']);

      await storage.publish(path);
      const got = await c.send(new GetObjectCommand({ Bucket: bucket, Key: `lake/sales/${path}` }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
      expect((await collect(storage.list())).map((f) => f.path)).toEqual([path]);
      // Again (a roll-forward repeated after a crash), and from another process that never held it: in place, nothing to do.
      await storage.publish(path);
      const other = await s3PartStorage(client(), { bucket, prefix: 'lake/sales' });
      await other.publish(path);
      await other.close();

      await storage.writeText('_sluice_manifest.json', '{"format": "sluice-bronze-manifest"}');
      const listed = await collect(storage.list());
      expect(listed.map((f) => f.path).sort()).toEqual(['_sluice_manifest.json', 'ingest_date=2026-11-26/part-a.parquet']);
      expect(await listed[0]!.modifiedAt()).toBeInstanceOf(Date);
      expect(await storage.readHead('_sluice_manifest.json', 11)).toBe('{"format": ');
      expect(await storage.readHead('_sluice_manifest.json', 4096)).toBe('{"format": "sluice-bronze-manifest"}');
      expect(await storage.readHead('missing.json', 10)).toBeUndefined();
      await storage.writeText('empty.json', '');
      expect(await storage.readHead('empty.json', 10)).toBe('');
      await storage.delete('empty.json');
      await storage.delete(path);
      expect((await collect(storage.list())).map((f) => f.path)).toEqual(['_sluice_manifest.json']);
      c.destroy();
    } finally {
      await storage.close();
    }
  });

  it('aborts multipart uploads that a crashed run began and never completed', async () => {
    const bucket = await s3.newBucket('bronze');
    const c = client();
    await c.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 't/ingest_date=2026-11-26/part-crashed.parquet' }));
    await c.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'other-table/part.parquet' }));
    // Another writer's, alive: spared, whatever its age.
    const live = 'ingest_date=2026-11-26/.part-live.parquet.pending';
    await c.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: `t/${live}` }));
    const spared = async (path: string) => path === live;
    const storage = await s3PartStorage(client(), { bucket, prefix: 't' });
    try {
      expect(await storage.abortIncompleteUploads(new Date(Date.now() - 3_600_000), spared)).toBe(0); // none that old
      expect(await storage.abortIncompleteUploads(new Date(Date.now() + 60_000), spared)).toBe(1); // only this table's, not the live writer's
      expect(await storage.abortIncompleteUploads(new Date(Date.now() + 60_000), spared)).toBe(0);
      expect(await storage.abortIncompleteUploads(new Date(Date.now() + 60_000), async () => false)).toBe(1); // the writer gone
    } finally {
      await storage.close();
      c.destroy();
    }
  });

  it('publishes, after a crash, a part another process held (the pending object sized by a HEAD)', async () => {
    const bucket = await s3.newBucket('bronze');
    const path = 'ingest_date=2026-11-26/part-b.parquet';
    const crashed = await s3PartStorage(client(), { bucket, prefix: 't' });
    const staged = await crashed.stage(path);
    writeFileSync(staged, 'committed rows');
    await crashed.hold(staged, path);
    await crashed.close();
    const storage = await s3PartStorage(client(), { bucket, prefix: 't' });
    try {
      await storage.publish(path);
      expect((await collect(storage.list())).map((f) => f.path)).toEqual([path]);
      expect(await storage.readHead(path, 100)).toBe('committed rows');
      await expect(storage.publish('ingest_date=2026-11-26/part-none.parquet')).rejects.toThrow();
    } finally {
      await storage.close();
    }
  });

  it('copies an object above the single-copy limit in ranges (UploadPartCopy), byte for byte', async () => {
    const bucket = await s3.newBucket('bronze');
    const c = client();
    try {
      const bytes = randomBytes(12 * 1024 * 1024);
      await c.send(new PutObjectCommand({ Bucket: bucket, Key: 't/a b/.part-x.parquet.pending', Body: bytes }));
      await copyObject(c, bucket, 't/a b/.part-x.parquet.pending', 't/a b/part-x.parquet', bytes.length, { singleCopyMax: 1, copyPart: 5 * 1024 * 1024 });
      const head = await c.send(new HeadObjectCommand({ Bucket: bucket, Key: 't/a b/part-x.parquet' }));
      expect(head.ETag).toMatch(/-3"$/); // three ranges: 5 + 5 + 2 MiB
      const got = await c.send(new GetObjectCommand({ Bucket: bucket, Key: 't/a b/part-x.parquet' }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    } finally {
      c.destroy();
    }
  });
});
