import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { PartStorage, StoredFile } from './part-storage.ts';
import type { S3Location } from './s3-location.ts';

/** Multipart chunks: S3's minimum is 5 MiB; 16 MiB keeps a 10 GB part under S3's 10,000-chunk cap. */
const PART_SIZE = 16 * 1024 * 1024;

/**
 * A table under an S3 prefix. Polars writes the part to a local staging file; `publish` uploads it
 * (multipart above one chunk, with parts sent in parallel) and the object appears under its final
 * key only when the upload completes: S3 has no partial objects, so a crash leaves the part absent,
 * or at most an incomplete multipart upload, which the clean-up aborts.
 */
export async function s3PartStorage(client: S3Client, table: S3Location, partSize = PART_SIZE): Promise<PartStorage> {
  const staging = await mkdtemp(join(tmpdir(), 'sluice-bronze-s3-'));
  const key = (path: string) => (table.prefix ? `${table.prefix}/${path}` : path);
  const base = table.prefix ? `${table.prefix}/` : '';
  let n = 0;
  return {
    tableUri: `s3://${table.bucket}/${table.prefix}`,
    async stage(path) {
      const local = join(staging, String(n++), path.split('/').pop()!);
      await mkdir(dirname(local), { recursive: true });
      return local;
    },
    async publish(staged, path) {
      const { size } = await stat(staged);
      const upload = new Upload({
        client,
        params: { Bucket: table.bucket, Key: key(path), Body: createReadStream(staged), ContentType: 'application/vnd.apache.parquet' },
        partSize,
        queueSize: 4,
        leavePartsOnError: false,
      });
      await upload.done();
      await rm(staged, { force: true });
      return size;
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
    async abortIncompleteUploads(before) {
      let aborted = 0;
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      do {
        const page = await client.send(
          new ListMultipartUploadsCommand({ Bucket: table.bucket, Prefix: base, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
        for (const u of page.Uploads ?? []) {
          if (!u.Key || !u.UploadId || !u.Initiated || u.Initiated >= before) continue;
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
