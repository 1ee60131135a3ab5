import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { compilePatterns, definePlugin, EndpointNotAllowedError, EndpointUnreachableError, errorMessage, runKeys, WatermarkTracker } from '@sluice/sdk';
import pLimit, { type LimitFunction } from 'p-limit';
import { headObjects, listObjects, type ListedObject } from './list-objects.ts';
import { createS3Client } from './s3-client.ts';
import { s3FileItem, sourceFileOf } from './s3-file-item.ts';
import { sourceS3Config } from './source-s3-config.ts';
import { triggerKeys } from './trigger-keys.ts';
import { SpoolFolder } from './spool-folder.ts';

/** Small objects downloaded ahead of their parser at once (see FileItem.prefetch). */
const PREFETCH_DOWNLOADS = 16;

interface SourceS3State {
  client?: S3Client;
  spool?: SpoolFolder;
  downloads?: LimitFunction;
  tracker?: WatermarkTracker;
}

export default definePlugin({
  type: 'source-s3',
  version: 1,
  category: 'source',
  title: 'S3 bucket',
  description:
    'Lists the objects of an S3 bucket (AWS, MinIO, Ceph) under a prefix that match glob patterns, page by page as the listing arrives, and streams each object when a later node reads it.',
  icon: 'cloud',
  config: sourceS3Config,
  inputs: {},
  outputs: { files: { kind: 'files', title: 'Files' } },
  readsKeyFeed: true,

  async open(): Promise<SourceS3State> {
    return {};
  },

  async run(config, _input, ctx) {
    const where = `s3://${config.bucket}/${config.prefix}`;
    const client = await createS3Client(config, { secrets: ctx.secrets, access: ctx.access });
    const spool = new SpoolFolder(await mkdtemp(join(tmpdir(), 'sluice-s3-spool-')));
    // Prefetched downloads in flight at once: parsers read 2 files at a time, and with one GET each
    // waiting on the store a burst of small objects landed at ~38 files/s.
    const downloads = pLimit(PREFETCH_DOWNLOADS);
    Object.assign(ctx.state, { client, spool, downloads });
    const keys = triggerKeys(ctx.params);
    const matches = compilePatterns(config.patterns);
    const previous = config.mode === 'incremental' ? ctx.store.checkpoints.getWatermark(ctx.nodeId) : undefined;
    const tracker = config.mode === 'incremental' ? new WatermarkTracker(previous) : undefined;
    ctx.state.tracker = tracker;
    // Only prunes work: the checkpoint still decides per object; the lookback keeps late objects
    // with older times in view. Keys named by a trigger are always taken.
    const horizon = previous && !keys ? previous.getTime() - config.lookbackSeconds * 1000 : -Infinity;

    const leftOut = (key: string, why: string) => ctx.warn(`s3://${config.bucket}/${key} left out: ${why}`);
    let listing: AsyncIterable<ListedObject>;
    let given = 0;
    if (keys) {
      // The keys given, then those fed to the run while it goes (events that arrived meanwhile).
      const mine = async function* (all: AsyncIterable<string>) {
        for await (const k of all) {
          given++;
          if (k.startsWith(config.prefix)) yield k;
          else leftOut(k, `is not under the prefix "${config.prefix}"`);
        }
      };
      listing = headObjects(client, config.bucket, mine(runKeys(keys, ctx.keyFeed, ctx.signal)), leftOut, ctx.signal);
    } else {
      listing = listObjects(client, {
        bucket: config.bucket,
        prefix: config.prefix,
        pageSize: config.pageSize,
        signal: ctx.signal,
        onPage: (p) => ctx.progress({ done: p.number, unit: 'listing pages' }),
      });
    }

    let listed = 0;
    let matched = 0;
    let older = 0;
    for await (const obj of labelErrors(listing, `listing ${where} failed`)) {
      listed++;
      if (!matches(obj.key.slice(config.prefix.length))) {
        if (keys) leftOut(obj.key, `does not match ${config.patterns.join(', ')}`);
        continue;
      }
      matched++;
      if (obj.modifiedAt.getTime() < horizon) {
        older++;
        continue;
      }
      const origin = sourceFileOf(ctx.nodeId, config.bucket, obj);
      const item = s3FileItem(origin, {
        client,
        bucket: config.bucket,
        maxFileSize: config.maxFileSize,
        maxAttempts: config.maxAttempts,
        spoolPath: (f) => spool.pathFor(f.key),
        prefetchSlot: downloads,
        onResume: (f, offset, cause) => ctx.warn(`${f.uri}: download cut off at byte ${offset} (${errorMessage(cause)}); resumed`, f),
      });
      tracker?.emitted(origin);
      await ctx.emit('files', item, {
        onSettled: (outcome) => {
          tracker?.settled(origin, outcome);
          spool.release(origin.key);
        },
      });
    }
    if (!keys) tracker?.listingCompleted();
    if (matched === 0) {
      ctx.warn(
        listed === 0
          ? `no object in ${where}${keys ? ` among the ${given} keys given` : ''}: nothing to ingest`
          : `none of the ${listed} objects in ${where} matches ${config.patterns.join(', ')}: nothing to ingest`,
      );
    } else {
      ctx.log.info(`listed ${matched} matching objects in ${where}`, { listed, matched, olderThanWatermark: older, watermark: previous?.toISOString() });
    }
  },

  async close(_config, scope, status) {
    const { client, spool, downloads, tracker } = scope.state;
    // Prefetches not started yet are for files the run no longer reads (it was cancelled or stopped).
    downloads?.clearQueue();
    client?.destroy();
    await spool?.dispose();
    if (!tracker || status === 'cancelled') return;
    const next = tracker.next(scope.store.checkpoints, scope.nodeId);
    if (next) scope.store.transaction((tx) => tx.checkpoints.setWatermark(scope.nodeId, next));
  },
});

/** Errors of the listing itself (not of the emits between its items) get `what` and the S3 code. */
async function* labelErrors<T>(items: AsyncIterable<T>, what: string): AsyncGenerator<T> {
  const it = items[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<T>;
    try {
      next = await it.next();
    } catch (err) {
      throw new Error(`${what}: ${s3ErrorMessage(err)}`, { cause: err });
    }
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The S3 error's code and status, which say more than the SDK's message alone; a refused endpoint or
 * one that gave no S3 answer says only that (the client made every such failure read the same).
 */
function s3ErrorMessage(err: unknown): string {
  if (err instanceof EndpointNotAllowedError || err instanceof EndpointUnreachableError) return err.message;
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'NoSuchBucket') return 'the bucket does not exist';
  if (status === 403 || e.name === 'AccessDenied' || e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch') {
    return `access denied (${e.name}): check the credentials`;
  }
  return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${errorMessage(err)}${status ? ` (HTTP ${status})` : ''}`;
}
