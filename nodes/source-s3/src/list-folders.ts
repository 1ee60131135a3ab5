import type { S3Client, _Object } from '@aws-sdk/client-s3';
import { compareKeys, folderEnd } from './key-order.ts';
import { listPages } from './list-pages.ts';

/** Consecutive folders (common prefixes) of one listing, to be listed with one flat listing. */
export interface FolderRun {
  bucket: string;
  /** The listing's prefix. */
  prefix: string;
  /** The folders, in key order, with no key of the listing between them. */
  folders: string[];
  /** The last key of the listing before the first folder; a key from which no key lies before that folder (see `listObjects`). */
  startAfter?: string;
  pageSize: number;
}

/**
 * Every key under a run of consecutive folders, page by page, in key order: one folder is listed
 * with its own prefix; several with the listing's prefix from `startAfter`, up to the end of the last
 * folder (the keys of a page past it are dropped, and no page past it is asked for). `told` hears
 * of the first page and of the last (the keys so far, and whether it is the last), before they are
 * yielded.
 */
export async function* listFolders(
  client: S3Client,
  run: FolderRun,
  signal: AbortSignal,
  told: (keys: number, last: boolean) => void,
): AsyncGenerator<_Object[]> {
  const one = run.folders.length === 1;
  const end = one ? undefined : folderEnd(run.folders.at(-1)!);
  const input = {
    Bucket: run.bucket,
    Prefix: one ? run.folders[0] : run.prefix || undefined,
    StartAfter: one ? undefined : run.startAfter,
    MaxKeys: run.pageSize,
  };
  let keys = 0;
  for await (const page of listPages(client, input, signal, end)) {
    let contents = page.Contents ?? [];
    const past = end === undefined ? -1 : contents.findIndex((c) => c.Key !== undefined && compareKeys(c.Key, end) >= 0);
    if (past >= 0) contents = contents.slice(0, past);
    keys += contents.length;
    const last = past >= 0 || !page.IsTruncated || !page.NextContinuationToken;
    if (last || keys === contents.length) told(keys, last);
    yield contents;
    if (last) return;
  }
}
