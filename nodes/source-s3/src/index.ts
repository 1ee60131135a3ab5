import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { defineFileSource, errorMessage } from '@sluice/sdk';
import { createS3Client, s3ErrorMessage } from '@sluice/sdk/s3';
import { bucketWatch } from './bucket-watch.ts';
import { DownloadSlots } from './download-slots.ts';
import { landS3Upload } from './land-s3-upload.ts';
import { listObjects, namedObjects } from './list-objects.ts';
import { s3FileItem } from './s3-file-item.ts';
import { type SourceS3Config, sourceS3Config } from './source-s3-config.ts';
import { SpoolFolder } from './spool-folder.ts';

/** One run's bucket: its client, the spool for local copies, and the download slots. */
interface S3Bucket {
  config: SourceS3Config;
  client: S3Client;
  spool: SpoolFolder;
  downloads: DownloadSlots;
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
      // Downloads ahead of the parsers (FileItem.prefetch, for the files a checkpoint passes): parsers
      // read 2 files at a time, and with one GET each waiting on the store a burst of small objects
      // landed at ~38 files/s.
      const downloads = new DownloadSlots({ maxInFlight: config.prefetchObjects, maxBytes: config.prefetchBytes });
      // A cancelled run stops its downloads at once, not when its last node has ended.
      ctx.signal.addEventListener('abort', () => void downloads.close(), { once: true });
      return { config, client, spool, downloads };
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
        concurrency: config.listConcurrency,
        signal: calls.signal,
        onPage: (p) => calls.progress({ done: p.number, unit: 'listing pages' }),
      }),
    stat(b, keys, calls) {
      const { prefix } = b.config;
      const mine = async function* () {
        for await (const k of keys) {
          if (k.key.startsWith(prefix)) yield k;
          else calls.skip(k.key, `is not under the prefix "${prefix}"`);
        }
      };
      return namedObjects(b.client, b.config.bucket, mine(), { maxFileSize: b.config.maxFileSize, onMissing: calls.skip, signal: calls.signal });
    },
    open: (b, origin, _entry, ctx) =>
      s3FileItem(origin, {
        client: b.client,
        bucket: b.config.bucket,
        maxFileSize: b.config.maxFileSize,
        maxAttempts: b.config.maxAttempts,
        spoolPath: (f) => b.spool.pathFor(f.key),
        slots: b.downloads,
        prefetchUpTo: b.config.prefetchBytes,
        onResume: (f, offset, cause) => ctx.warn(`${f.uri}: download cut off at byte ${offset} (${errorMessage(cause)}); resumed`, f),
      }),
    release(b, origin) {
      b.downloads.release(origin.key);
      b.spool.release(origin.key);
    },
    async disconnect(b) {
      // Downloads still queued or in flight are for files the run no longer reads (it was cancelled
      // or stopped): they are dropped or aborted, and the spool goes once none can write into it.
      await b.downloads.close();
      b.client.destroy();
      await b.spool.dispose();
    },
    listingError: s3ErrorMessage,
    noun: { one: 'object', many: 'objects' },
  },
  { uploads: { land: landS3Upload }, bucketEvents: { watch: bucketWatch } },
);
