import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { PartStorage, StoredFile } from './part-storage.ts';
import { copyObject } from './s3-copy-object.ts';
import type { S3Location } from './s3-location.ts';
import { pendingPath } from './sink-file-names.ts';

/** Multipart chunks: S3's minimum is 5 MiB; 16 MiB keeps a 10 GB part under S3's 10,000-chunk cap. */
const PART_SIZE = 16 * 1024 * 1024;

/**
 * A table under an S3 prefix. Polars writes the part to a local staging file; `hold` uploads it
 * (multipart above one chunk, with parts sent in parallel) under its pending key, which no
 * `*.parquet` glob matches, and `publish`, after the commit, copies it on the server to its final
 * key and deletes the pending one (S3 has no rename). S3 has no partial objects, so a crash leaves
 * the part absent, pending (removed, or copied forward when the manifest lists it), or at most an
 * incomplete multipart upload, which the clean-up aborts.
 */
export async function s3PartStorage(client: S3Client, table: S3Location, partSize = PART_SIZE): Promise<PartStorage> {
  const staging = await mkdtemp(join(tmpdir(), 'sluice-bronze-s3-'));
  const key = (path: string) => (table.prefix ? `${table.prefix}/${path}` : path);
  const base = table.prefix ? `${table.prefix}/` : '';
  let n = 0;
  /** Sizes of the parts this process held, so that publishing them needs no HEAD. */
  const held = new Map<string, number>();
  const exists = (k: string) =>
    client.send(new HeadObjectCommand({ Bucket: table.bucket, Key: k })).then(
      () => true,
      (err: unknown) => {
        if (isNotFound(err)) return false;
        throw err;
      },
    );
  return {
    tableUri: `s3://${table.bucket}/${table.prefix}`,
    async stage(path) {
      const local = join(staging, String(n++), path.split('/').pop()!);
      await mkdir(dirname(local), { recursive: true });
      return local;
    },
    async hold(staged, path) {
      const { size } = await stat(staged);
      const upload = new Upload({
        client,
        params: { Bucket: table.bucket, Key: key(pendingPath(path)), Body: createReadStream(staged), ContentType: 'application/vnd.apache.parquet' },
        partSize,
        queueSize: 4,
        leavePartsOnError: false,
      });
      await upload.done();
      await rm(staged, { force: true });
      held.set(path, size);
      return size;
    },
    async publish(path) {
      const from = key(pendingPath(path));
      let size = held.get(path);
      if (size === undefined) {
        // A roll-forward after a crash: the pending object's size decides how it is copied.
        try {
          size = (await client.send(new HeadObjectCommand({ Bucket: table.bucket, Key: from }))).ContentLength ?? 0;
        } catch (err) {
          // Published already (copied, the pending object deleted): the part is in place.
          if (isNotFound(err) && (await exists(key(path)))) return;
          throw err;
        }
      }
      await copyObject(client, table.bucket, from, key(path), size);
      await client.send(new DeleteObjectCommand({ Bucket: table.bucket, Key: from }));
      held.delete(path);
    },
    async *list(): AsyncGenerator<StoredFile[]> {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: table.bucket, Prefix: base, ContinuationToken: token }));
        const files: StoredFile[] = [];
        for (const o of page.Contents ?? []) {
          const at = o.LastModified ?? new Date(0);
          if (o.Key) files.push({ path: o.Key.slice(base.length), modifiedAt: async () => at });
        }
        if (files.length) yield files;
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async delete(path) {
      await client.send(new DeleteObjectCommand({ Bucket: table.bucket, Key: key(path) }));
    },
    discard: (staged) => rm(staged, { force: true }),
    async writeText(path, text) {
      await client.send(new PutObjectCommand({ Bucket: table.bucket, Key: key(path), Body: text, ContentType: 'application/json' }));
    },
    async openRanges(path) {
      const k = key(path);
      let size: number;
      try {
        size = (await client.send(new HeadObjectCommand({ Bucket: table.bucket, Key: k }))).ContentLength ?? 0;
      } catch (err) {
        if ((err as { name?: string }).name === 'NotFound' || (err as { name?: string }).name === 'NoSuchKey') return undefined;
        throw err;
      }
      return {
        size,
        async read(start, end) {
          if (end <= start) return new ArrayBuffer(0);
          const got = await client.send(new GetObjectCommand({ Bucket: table.bucket, Key: k, Range: `bytes=${start}-${end - 1}` }));
          const bytes = await got.Body!.transformToByteArray();
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        },
        close: async () => {},
      };
    },
    async readHead(path, bytes) {
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: table.bucket, Key: key(path), Range: `bytes=0-${bytes - 1}` }));
        return await got.Body!.transformToString('utf8');
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === 'NoSuchKey') return undefined;
        if (name === 'InvalidRange') return ''; // an empty object has no first byte to range over
        throw err;
      }
    },
    async abortIncompleteUploads(before, spared) {
      let aborted = 0;
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      do {
        const page = await client.send(
          new ListMultipartUploadsCommand({ Bucket: table.bucket, Prefix: base, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
        for (const u of page.Uploads ?? []) {
          if (!u.Key || !u.UploadId || !u.Initiated || u.Initiated >= before) continue;
          if (await spared(u.Key.slice(base.length))) continue;
          await client.send(new AbortMultipartUploadCommand({ Bucket: table.bucket, Key: u.Key, UploadId: u.UploadId }));
          aborted++;
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
      return aborted;
    },
    async close() {
      await rm(staging, { recursive: true, force: true });
      client.destroy();
    },
  };
}

const isNotFound = (err: unknown) => ['NotFound', 'NoSuchKey'].includes((err as { name?: string }).name ?? '');
