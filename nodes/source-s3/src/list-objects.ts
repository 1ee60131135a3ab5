import { pMapIterable, pMapSkip } from 'p-map';
import { HeadObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';

/** One object as a listing (or a HeadObject) describes it: nothing of its content read. */
export interface ListedObject {
  key: string;
  size: number;
  modifiedAt: Date;
  /** Without quotes. Absent when the store gave none. */
  etag?: string;
  versionId?: string;
}

export interface ListOptions {
  bucket: string;
  prefix: string;
  pageSize: number;
  signal?: AbortSignal;
  /** Told after each page, for progress. */
  onPage?(page: { number: number; objects: number }): void;
}

/**
 * Lists a bucket under a prefix page by page (ListObjectsV2 with continuation tokens), yielding
 * each object as soon as its page arrives: the first file of a million-object bucket flows on at
 * once. The next page is asked for as soon as a page arrives, so that it is there when the objects
 * of this one have gone on; at most two pages are held.
 */
export async function* listObjects(client: S3Client, o: ListOptions): AsyncGenerator<ListedObject> {
  const fetchPage = (token: string | undefined): Promise<ListObjectsV2CommandOutput> =>
    client.send(new ListObjectsV2Command({ Bucket: o.bucket, Prefix: o.prefix || undefined, MaxKeys: o.pageSize, ContinuationToken: token }), {
      abortSignal: o.signal,
    });
  let page = 0;
  let next: Promise<ListObjectsV2CommandOutput> | undefined = fetchPage(undefined);
  try {
    while (next) {
      const res: ListObjectsV2CommandOutput = await next;
      const token: string | undefined = res.IsTruncated ? res.NextContinuationToken : undefined;
      next = token ? fetchPage(token) : undefined;
      const contents = res.Contents ?? [];
      o.onPage?.({ number: ++page, objects: contents.length });
      for (const c of contents) {
        // Keys ending in "/" are folder markers made by consoles, not files.
        if (!c.Key || c.Key.endsWith('/')) continue;
        yield { key: c.Key, size: c.Size ?? 0, modifiedAt: wholeSeconds(c.LastModified), etag: cleanEtag(c.ETag) };
      }
    }
  } finally {
    // A listing left early (the run failed or was cancelled) leaves no unhandled rejection behind.
    next?.catch(() => {});
  }
}

/**
 * The objects named by a trigger (a bucket event names one or a few keys): one HeadObject each
 * instead of listing a bucket that may hold millions. A key that is gone is reported, not thrown:
 * an event can arrive after the object was deleted again.
 */
export function headObjects(
  client: S3Client,
  bucket: string,
  keys: Iterable<string> | AsyncIterable<string>,
  onMissing: (key: string, why: string) => void,
  signal?: AbortSignal,
): AsyncIterable<ListedObject> {
  // Keys may keep coming while the run goes (a run that takes more events as they arrive). Several
  // HeadObjects are in flight at once, results in key order: one at a time (a round trip each), a
  // burst of 500 events landed at 90 files/s, 16 at a time at 122 (W5, with prefetched downloads).
  return pMapIterable(
    keys,
    async (key): Promise<ListedObject | typeof pMapSkip> => {
      try {
        const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        return {
          key,
          size: h.ContentLength ?? 0,
          modifiedAt: wholeSeconds(h.LastModified),
          etag: cleanEtag(h.ETag),
          ...(h.VersionId && h.VersionId !== 'null' ? { versionId: h.VersionId } : {}),
        };
      } catch (err) {
        const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) {
          onMissing(key, 'does not exist (deleted since the event?)');
          return pMapSkip;
        }
        throw err;
      }
    },
    { concurrency: HEAD_CONCURRENCY, backpressure: HEAD_CONCURRENCY },
  );
}

/** HeadObjects in flight at once for keys named by events. */
const HEAD_CONCURRENCY = 16;

/**
 * HeadObject's time comes from the Last-Modified header, in whole seconds; a listing's may carry
 * milliseconds (Ceph RGW's does). Both are cut to seconds so that an object has one modification
 * time (and one fingerprint where it has no ETag) whether it was listed or named by an event.
 */
export function wholeSeconds(at: Date | undefined): Date {
  return new Date(Math.floor((at?.getTime() ?? 0) / 1000) * 1000);
}

/** ETags come quoted (`"9a0364b9..."`); an empty one (Ceph after some multipart uploads) is none. */
export function cleanEtag(etag: string | undefined): string | undefined {
  const clean = etag?.replace(/"/g, '').trim();
  return clean ? clean : undefined;
}
