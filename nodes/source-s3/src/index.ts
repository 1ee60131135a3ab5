import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { defineFileSource, errorMessage } from '@sluice/sdk';
import { createS3Client, s3ErrorMessage } from '@sluice/sdk/s3';
import pLimit, { type LimitFunction } from 'p-limit';
import { bucketWatch } from './bucket-watch.ts';
import { landS3Upload } from './land-s3-upload.ts';
import { headObjects, listObjects } from './list-objects.ts';
import { s3FileItem } from './s3-file-item.ts';
import { type SourceS3Config, sourceS3Config } from './source-s3-config.ts';
import { SpoolFolder } from './spool-folder.ts';

/** Small objects downloaded ahead of their parser at once (see FileItem.prefetch). */
const PREFETCH_DOWNLOADS = 16;

/** One run's bucket: its client, the spool for local copies, and the download slots. */
interface S3Bucket {
  config: SourceS3Config;
  client: S3Client;
  spool: SpoolFolder;
  downloads: LimitFunction;
}

export default defineFileSource(
  {
    type: 'source-s3',
    version: 1,
    title: 'S3 bucket',
    description:
      'Lists the objects of an S3 bucket (AWS, MinIO, Ceph) under a prefix that match glob patterns, page by page as the listing arrives, and streams each object when a later node reads it.',
    icon: 'cloud',
    config: sourceS3Config,
    keysAre: 'object keys',

    async connect(config, ctx): Promise<S3Bucket> {
      const client = await createS3Client(config, { secrets: ctx.secrets, access: ctx.access });
      const spool = new SpoolFolder(await mkdtemp(join(tmpdir(), 'sluice-s3-spool-')));
      // Prefetched downloads in flight at once: parsers read 2 files at a time, and with one GET each
      // waiting on the store a burst of small objects landed at ~38 files/s.
      return { config, client, spool, downloads: pLimit(PREFETCH_DOWNLOADS) };
    },
    where: (b) => `s3://${b.config.bucket}/${b.config.prefix}`,
    nameOf: (b, key) => `s3://${b.config.bucket}/${key}`,
    uri: (b, key) => `s3://${b.config.bucket}/${key}`,
    patternKey: (b, key) => key.slice(b.config.prefix.length),
    list: (b, config, calls) =>
      listObjects(b.client, {
        bucket: config.bucket,
        prefix: config.prefix,
        pageSize: config.pageSize,
        signal: calls.signal,
        onPage: (p) => calls.progress({ done: p.number, unit: 'listing pages' }),
      }),
    stat(b, keys, calls) {
      const { prefix } = b.config;
      const mine = async function* () {
        for await (const k of keys) {
          if (k.startsWith(prefix)) yield k;
          else calls.skip(k, `is not under the prefix "${prefix}"`);
        }
      };
      return headObjects(b.client, b.config.bucket, mine(), calls.skip, calls.signal);
    },
    open: (b, origin, _entry, ctx) =>
      s3FileItem(origin, {
        client: b.client,
        bucket: b.config.bucket,
        maxFileSize: b.config.maxFileSize,
        maxAttempts: b.config.maxAttempts,
        spoolPath: (f) => b.spool.pathFor(f.key),
        prefetchSlot: b.downloads,
        onResume: (f, offset, cause) => ctx.warn(`${f.uri}: download cut off at byte ${offset} (${errorMessage(cause)}); resumed`, f),
      }),
    release: (b, origin) => b.spool.release(origin.key),
    async disconnect(b) {
      // Prefetches not started yet are for files the run no longer reads (it was cancelled or stopped).
      b.downloads.clearQueue();
      b.client.destroy();
      await b.spool.dispose();
    },
    listingError: s3ErrorMessage,
    noun: { one: 'object', many: 'objects' },
  },
  { uploads: { land: landS3Upload }, bucketEvents: { watch: bucketWatch } },
);
