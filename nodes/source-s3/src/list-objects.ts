import { pMapIterable, pMapSkip } from 'p-map';
import { HeadObjectCommand, type ListObjectsV2CommandOutput, type S3Client, type _Object } from '@aws-sdk/client-s3';
import { cleanEtag, type KeyFacts, type RunKey } from '@sluice/sdk';
import { type DelimiterItem, delimiterItems } from './delimiter-items.ts';
import { folderEnd } from './key-order.ts';
import { listFolders } from './list-folders.ts';
import { listPages } from './list-pages.ts';
import { LIST_CONCURRENCY } from './source-s3-config.ts';

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
  /** Folder listings in flight at once (LIST_CONCURRENCY by default); 1 is one flat listing, page after page. */
  concurrency?: number;
  signal?: AbortSignal;
  /**
   * Told before the objects of each page are yielded, pages in the order their keys are yielded:
   * `number` counts the ListObjectsV2 pages taken so far (those listing the prefix with Delimiter "/"
   * and those listing its folders), `objects` the keys of this page that are the listing's.
   */
  onPage?(page: { number: number; objects: number }): void;
}

/** A step of the listing, in key order: objects directly under the prefix, or the listing of a run of folders, started ahead. */
type Step = { objects: _Object[] } | { folders: AsyncGenerator<_Object[]> };

/**
 * Lists a bucket under a prefix in the order of a flat listing (keys in UTF-8 byte order), yielding
 * each object as soon as its page is taken: the first file of a million-object bucket flows on at once.
 *
 * A flat listing (ListObjectsV2 with continuation tokens) is a chain of round trips, one per 1,000
 * keys. Instead the prefix is listed with Delimiter "/", which gives the objects directly under it and
 * its folders (common prefixes), and the folders are listed by up to `concurrency` flat listings at
 * once, each folder's keys yielded at the folder's place. A prefix without folders costs what a flat
 * listing costs (the delimiter listing returns its objects); a prefix holding a single folder and
 * nothing else is descended into. The first folder is listed alone until its listing has finished
 * (or its first page showed more than a page), then folders one per listing when they are big, and
 * consecutive small ones together (from the key before the first, up to the end of the last), about
 * 90% of a page a listing, so small folders cost about the requests of a flat listing.
 *
 * With `concurrency` 1 the prefix is listed flat, page after page: on a store next to Sluice on a
 * busy machine the fan-out gains no time and costs ~5% more CPU (BENCHMARKS.md, issue 14).
 *
 * Memory stays bounded whatever the bucket: a delimiter page and the next one, `concurrency` folder
 * listings started ahead holding two pages each, and at most `2 × concurrency + 2` steps planned.
 * Leaving early (the consumer stopped, the run was cancelled) aborts the requests in flight.
 */
export async function* listObjects(client: S3Client, o: ListOptions): AsyncGenerator<ListedObject> {
  const concurrency = Math.max(1, o.concurrency ?? LIST_CONCURRENCY);
  const stop = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
  let pageNumber = 0;
  const told = (objects: number) => o.onPage?.({ number: ++pageNumber, objects });
  // Keys and folders listed by finished folder listings: the size of the folders to come.
  const seen = { keys: 0, folders: 0, big: false };
  // Once a folder listing has finished, as many consecutive folders per listing as fill about 90% of
  // a page (a listing that ends just short of a page needs no second request to find its end). On W3
  // (100 folders of 100 keys, local Ceph RGW) sizing listings from single folders listed first was
  // quicker than splitting the first run of folders into `concurrency` equal listings (274 against
  // 293-345 ms with 8 single folders first; a flat listing 332 ms; medians of 9; BENCHMARKS.md, issue 14).
  const foldersPerListing = () => (seen.folders === 0 ? 1 : Math.max(1, Math.floor((0.9 * o.pageSize * seen.folders) / Math.max(1, seen.keys))));

  if (concurrency === 1) {
    // One listing at a time: a flat listing, page after page (one request per page, nothing to fan out).
    try {
      for await (const page of listPages(client, { Bucket: o.bucket, Prefix: o.prefix || undefined, MaxKeys: o.pageSize }, signal)) {
        told(page.Contents?.length ?? 0);
        yield* listed(page.Contents ?? [], o.signal);
      }
    } finally {
      stop.abort();
    }
    return;
  }
  const delimited = (prefix: string) => listPages(client, { Bucket: o.bucket, Prefix: prefix || undefined, Delimiter: '/', MaxKeys: o.pageSize }, signal);
  let prefix = o.prefix;
  let pages = delimited(prefix);
  try {
    let first = await pages.next();
    // A prefix holding one folder and nothing else (`data/` with everything under `data/2026/`): its folder is the listing.
    for (;;) {
      const only = first.done ? undefined : soleFolder(first.value);
      if (only === undefined) break;
      told(0);
      prefix = only;
      pages = delimited(prefix);
      first = await pages.next();
    }
    if (first.done) return;

    let items: DelimiterItem[] = [];
    let at = 0;
    /** The item before items[at]: where a listing of the folders from items[at] starts. */
    let before: DelimiterItem | undefined;
    let arrived: IteratorResult<ListObjectsV2CommandOutput> | undefined = first;
    let coming: Promise<unknown> | undefined;
    const steps: Step[] = [];
    let foldersAhead = 0;

    const takePage = (page: ListObjectsV2CommandOutput) => {
      items = delimiterItems(page);
      at = 0;
      told(page.Contents?.length ?? 0);
      const next = pages.next();
      next.catch(() => {});
      coming = next.then((r) => {
        arrived = r;
      });
      coming.catch(() => {});
    };
    /** Plans steps from the delimiter pages that have arrived, and starts folder listings, up to the bounds. */
    const plan = () => {
      while (foldersAhead < concurrency && steps.length < 2 * concurrency + 2) {
        if (at === items.length) {
          if (!arrived || arrived.done) return;
          const page = arrived.value;
          arrived = undefined;
          takePage(page);
          continue;
        }
        const objects: _Object[] = [];
        while (at < items.length && 'object' in items[at]!) objects.push((items[at++] as { object: _Object }).object);
        if (objects.length > 0) {
          before = items[at - 1];
          steps.push({ objects });
          continue;
        }
        // The first folder listing alone, until it has finished or its first page showed a folder
        // bigger than a page: its size plans the rest (eight single folders at once first cost 20
        // requests on W3 instead of 13, for the same round trips).
        if (seen.folders === 0 && !seen.big && foldersAhead > 0) return;
        const folders: string[] = [];
        const most = foldersPerListing();
        while (at < items.length && folders.length < most && 'folder' in items[at]!) folders.push((items[at++] as { folder: string }).folder);
        const startAfter = before === undefined ? undefined : 'object' in before ? before.object.Key : folderEnd(before.folder);
        before = items[at - 1];
        const listing = listFolders(client, { bucket: o.bucket, prefix, folders, startAfter, pageSize: o.pageSize }, signal, (keys, last) => {
          if (!last) seen.big = true;
          else {
            seen.keys += keys;
            seen.folders += folders.length;
          }
        });
        steps.push({ folders: startedEarly(listing) });
        foldersAhead++;
      }
    };

    for (;;) {
      plan();
      const step = steps.shift();
      if (!step) {
        if (!coming || arrived?.done) return;
        await coming;
        continue;
      }
      if ('objects' in step) {
        yield* listed(step.objects, o.signal);
        continue;
      }
      for (;;) {
        const page = await step.folders.next();
        if (page.done) break;
        told(page.value.length);
        // Another delimiter page may have come meanwhile, or the first folder listing finished: more listings start now.
        plan();
        yield* listed(page.value, o.signal);
      }
      foldersAhead--;
    }
  } finally {
    // The consumer stopped, the run failed or was cancelled: the requests in flight are of no use.
    stop.abort();
  }
}

/** The listing's files among a page's objects: keys ending in "/" are folder markers made by consoles, not files. */
function* listed(contents: _Object[], signal: AbortSignal | undefined): Generator<ListedObject> {
  for (const c of contents) {
    if (!c.Key || c.Key.endsWith('/')) continue;
    // A cancelled run stops at once, not at the end of the page in hand.
    signal?.throwIfAborted();
    yield { key: c.Key, size: c.Size ?? 0, modifiedAt: wholeSeconds(c.LastModified), etag: cleanEtag(c.ETag) };
  }
}

/** The single folder of a complete delimiter page holding nothing else (no file; folder markers aside). */
function soleFolder(page: ListObjectsV2CommandOutput): string | undefined {
  if (page.IsTruncated || page.CommonPrefixes?.length !== 1) return undefined;
  if (page.Contents?.some((c) => c.Key && !c.Key.endsWith('/'))) return undefined;
  return page.CommonPrefixes[0]!.Prefix;
}

/** The generator with its first item already asked for (its failure marked handled until it is awaited). */
function startedEarly<T>(gen: AsyncGenerator<T>): AsyncGenerator<T> {
  let first: Promise<IteratorResult<T>> | undefined = gen.next();
  first.catch(() => {});
  const started: AsyncGenerator<T> = {
    next: () => {
      const f = first;
      first = undefined;
      return f ?? gen.next();
    },
    return: (value) => gen.return(value),
    throw: (err) => gen.throw(err),
    [Symbol.asyncIterator]: () => started,
    [Symbol.asyncDispose]: () => gen[Symbol.asyncDispose](),
  };
  return started;
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
