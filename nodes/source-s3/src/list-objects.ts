import { pMapIterable, pMapSkip } from 'p-map';
import { HeadObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { cleanEtag, type KeyFacts, type RunKey } from '@sluice/sdk';

/** One object as a listing (or a HeadObject, or a bucket event) describes it: nothing of its content read. */
export interface ListedObject {
  key: string;
  size: number;
  /** The epoch while `unconfirmed`. */
  modifiedAt: Date;
  /** Without quotes. Absent when the store gave none. */
  etag?: string;
  versionId?: string;
  /** Size, ETag and version id are a bucket event's, not yet the store's (SourceFile.unconfirmed). */
  unconfirmed?: true;
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

export interface NamedObjectsOptions {
  /** The source's maxFileSize: an event claiming more is not taken at its word (a HeadObject decides). */
  maxFileSize?: number;
  /** A key that is gone: reported, not thrown (an event can arrive after the object was deleted again). */
  onMissing(key: string, why: string): void;
  signal?: AbortSignal;
}

/**
 * The objects named by a trigger (a bucket event names one or a few keys), instead of listing a
 * bucket that may hold millions. A key whose event gave this bucket's object facts (size within
 * maxFileSize, ETag; `eventObject`) is described by them without a request; any other key costs a
 * HeadObject.
 */
export function namedObjects(
  client: S3Client,
  bucket: string,
  keys: Iterable<RunKey> | AsyncIterable<RunKey>,
  o: NamedObjectsOptions,
): AsyncIterable<ListedObject> {
  // Keys may keep coming while the run goes (a run that takes more events as they arrive). Several
  // HeadObjects are in flight at once, results in key order: one at a time (a round trip each), a
  // burst of 500 events landed at 90 files/s, 16 at a time at 122 (W5, with prefetched downloads).
  return pMapIterable(
    keys,
    async ({ key, facts }): Promise<ListedObject | typeof pMapSkip> => {
      if (facts && facts.bucket === bucket && (o.maxFileSize === undefined || facts.size <= o.maxFileSize)) return eventObject(key, facts);
      try {
        const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: o.signal });
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
          o.onMissing(key, 'does not exist (deleted since the event?)');
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
 * An object as its bucket event describes it, with no request: the HeadObject it saves was a round
 * trip per event before the GET (W5 burst p99 2.49 -> 1.88 s in the experiment that dropped it).
 * The facts are the sender's word: the entry is `unconfirmed`, its modification time unknown (the
 * epoch) until the GET, which is pinned to this ETag and must answer with this size and version
 * (s3-file-item.ts); the checkpoint decides from size and ETag alone, as for a listed object.
 */
export function eventObject(key: string, facts: KeyFacts): ListedObject {
  return {
    key,
    size: facts.size,
    modifiedAt: new Date(0),
    etag: facts.etag,
    ...(facts.versionId ? { versionId: facts.versionId } : {}),
    unconfirmed: true,
  };
}

/**
 * HeadObject's and GetObject's time comes from the Last-Modified header, in whole seconds; a
 * listing's may carry milliseconds (Ceph RGW's does). All are cut to seconds so that an object has
 * one modification time (and one fingerprint where it has no ETag) whether it was listed, looked
 * up by key or described by its event and read.
 */
export function wholeSeconds(at: Date | undefined): Date {
  return new Date(Math.floor((at?.getTime() ?? 0) / 1000) * 1000);
}
