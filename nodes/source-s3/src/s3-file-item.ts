import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { errorMessage, FileError, FileGone, type FileItem, keptHeadReader, listedSourceFile, readFileStart, type SourceFile } from '@sluice/sdk';
import type { Readable } from 'node:stream';
import type { DownloadSlots, ScheduledDownload } from './download-slots.ts';
import { type ListedObject, wholeSeconds } from './list-objects.ts';
import { resumableDownload } from './resumable-download.ts';

export interface S3ItemOptions {
  client: S3Client;
  bucket: string;
  maxFileSize?: number;
  maxAttempts: number;
  /** Objects up to this size are spooled on first open and read locally after that (default 8 MiB). */
  spoolOnOpenBytes?: number;
  /**
   * The run's download slots: every spool download goes through them (a reader's first), and
   * `prefetch` downloads ahead through them. Without them a download starts when asked, and
   * `prefetch` does nothing.
   */
  slots?: Pick<DownloadSlots, 'schedule'>;
  /** Objects up to this size (and `spoolOnOpenBytes`) are downloaded ahead by `prefetch`. */
  prefetchUpTo?: number;
  /** Where `localPath` may spool this object; called at most once per item. */
  spoolPath(origin: SourceFile): Promise<string>;
  onResume?(origin: SourceFile, offset: number, cause: unknown): void;
}

/** The identity of a listed object, from the listing alone (nothing downloaded). */
export function sourceFileOf(sourceNode: string, bucket: string, o: ListedObject): SourceFile {
  return listedSourceFile(sourceNode, `s3://${bucket}/${o.key}`, o);
}

/**
 * An object as it flows on: a reference, downloaded only when a consumer opens it, and then
 * streamed (GetObject's body is never held whole). The download is pinned to the listed version
 * with If-Match on the ETag (and its version id when known), so an object overwritten since the
 * listing fails with a clear message and is listed afresh next run, instead of landing new rows
 * under the old fingerprint. An object over `maxFileSize` is still emitted, so that it is recorded
 * and shown among the run's errors, but is never downloaded.
 *
 * An object its bucket event described (`origin.unconfirmed`: no HeadObject was made) is confirmed
 * by its first GET before any byte is handed on: If-Match proves the ETag, the store's
 * Content-Length must be the event's size (every size limit was applied to that size), the version
 * answered must be the event's when both name one, and Last-Modified gives `modifiedAt` (in whole
 * seconds, as a listing or HeadObject gives it). A 412 or 404 there, or another size or version,
 * throws FileGone: the event's version is not the object's current one (overwritten or deleted
 * since, or the event lied), and the file is left out, not failed. That GET asks for the current
 * version, not for the event's version id: in a versioned bucket an old version stays readable, and
 * an event delivered late (S3 delivers at least once, in no set order) would land it over the newer
 * one. Reads after it (resumed ranges) are pinned to the version it answered.
 */
export function s3FileItem(origin: SourceFile, o: S3ItemOptions): FileItem {
  let spooled: ScheduledDownload<string> | undefined;

  const openAt = async (offset: number, signal?: AbortSignal): Promise<Readable> => {
    // Read before the request: another read of the same object may confirm it meanwhile.
    const confirming = origin.unconfirmed === true;
    let res;
    try {
      res = await o.client.send(
        new GetObjectCommand({
          Bucket: o.bucket,
          Key: origin.key,
          ...(origin.etag ? { IfMatch: `"${origin.etag}"` } : {}),
          ...(origin.versionId && !confirming ? { VersionId: origin.versionId } : {}),
          ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}),
        }),
        { abortSignal: signal },
      );
    } catch (err) {
      throw downloadError(origin, err, confirming);
    }
    const body = res.Body as Readable;
    if (confirming) {
      try {
        confirmVersion(origin, { size: offset === 0 ? res.ContentLength : origin.size, lastModified: res.LastModified, versionId: res.VersionId });
      } catch (err) {
        body.destroy();
        throw err;
      }
    }
    return body;
  };

  const confirm = async (signal?: AbortSignal): Promise<void> => {
    if (!origin.unconfirmed) return;
    let res;
    try {
      res = await o.client.send(new HeadObjectCommand({ Bucket: o.bucket, Key: origin.key, IfMatch: `"${origin.etag}"` }), { abortSignal: signal });
    } catch (err) {
      throw downloadError(origin, err, true);
    }
    confirmVersion(origin, { size: res.ContentLength, lastModified: res.LastModified, versionId: res.VersionId });
  };

  const download = async (signal?: AbortSignal): Promise<Readable> => {
    if (o.maxFileSize !== undefined && origin.size > o.maxFileSize) {
      throw new FileError(origin.uri, `is ${origin.size} bytes, over the maxFileSize of ${o.maxFileSize} bytes; it was not downloaded`);
    }
    return resumableDownload(openAt, {
      size: origin.size,
      maxAttempts: o.maxAttempts,
      ...(signal ? { signal } : {}),
      onResume: (offset, cause) => o.onResume?.(origin, offset, cause),
    });
  };

  const spool = async (signal?: AbortSignal): Promise<string> => {
    const path = await o.spoolPath(origin);
    try {
      await pipeline(await download(signal), createWriteStream(path), signal ? { signal } : {});
    } catch (err) {
      // A part written before the failure (or the cancellation) goes at once, not when the run ends.
      await rm(path, { force: true });
      throw err instanceof FileError ? err : new FileError(origin.uri, `download failed: ${errorMessage(err)}`, { cause: err });
    }
    return path;
  };

  const localPath = (signal?: AbortSignal): Promise<string> => {
    if (spooled) spooled.hurry();
    else if (o.slots) spooled = o.slots.schedule(origin.key, origin.size, true, (run) => spool(signal ? AbortSignal.any([signal, run]) : run));
    else spooled = { promise: spool(signal), hurry: () => {} };
    return spooled.promise;
  };
  const spoolOnOpen = o.spoolOnOpenBytes ?? SPOOL_ON_OPEN_BYTES;
  const small = origin.size <= spoolOnOpen;
  const overLimit = o.maxFileSize !== undefined && origin.size > o.maxFileSize;

  return {
    kind: 'file',
    origin,
    name: origin.key.slice(origin.key.lastIndexOf('/') + 1),
    size: origin.size,
    // Once spooled, or when small, the bytes are read from the local copy: one GET per object.
    // Otherwise a node that sniffs a few bytes (decompress, parse-auto) aborts a GET mid-body,
    // which closes its connection, and the parser downloads the object again on a new one
    // (W2 from S3: 28.7 s before this, 15.8 s after).
    async open(signal) {
      if (spooled || small) return createReadStream(await localPath(signal));
      return download(signal);
    },
    localPath,
    // A small object is read from its local copy anyway (one GET, see `open`): its head too. A
    // large one's head is the start of its stream (readHead's fallback).
    // A tiny one's bytes, kept from the sniff, are not read again (keptHeadReader).
    ...(small ? { readHead: keptHeadReader(origin.size, async (n, kept, signal) => readFileStart(await localPath(signal), n, kept)) } : {}),
    prefetch() {
      // Small objects only: a large one streams to its reader instead of waiting on disk. One over
      // maxFileSize fails when read, without a request.
      if (spooled || !o.slots || overLimit || origin.size > Math.min(spoolOnOpen, o.prefetchUpTo ?? spoolOnOpen)) return;
      spooled = o.slots.schedule(origin.key, origin.size, false, (run) => spool(run));
      // The reader meets a failure itself, through the same promise.
      spooled.promise.catch(() => {});
    },
    ...(origin.unconfirmed ? { confirm } : {}),
  };
}

/**
 * The store's answer about the object's current version, asked with If-Match on the ETag an event
 * named (so the ETag holds): its size must be the event's, whose size the limits were applied to,
 * and its version id the event's when both give one. From then on the file is the store's word:
 * its modification time is known, and later reads are pinned to the version answered.
 */
function confirmVersion(origin: SourceFile, answer: { size: number | undefined; lastModified: Date | undefined; versionId: string | undefined }): void {
  if (answer.size !== origin.size) {
    throw new FileGone(
      origin.uri,
      `its event said ${origin.size} bytes for ETag ${origin.etag}, the store answers ${answer.size ?? 'no size'}: the event is not taken at its word (a listing lands the object)`,
    );
  }
  const current = answer.versionId && answer.versionId !== 'null' ? answer.versionId : undefined;
  if (origin.versionId && current && current !== origin.versionId) {
    throw new FileGone(
      origin.uri,
      `its event named version ${origin.versionId}, the current version is ${current} (same ETag): the newer version's event lands it`,
    );
  }
  if (current) origin.versionId = current;
  origin.modifiedAt = wholeSeconds(answer.lastModified);
  delete origin.unconfirmed;
}

const SPOOL_ON_OPEN_BYTES = 8 * 1024 * 1024;

/** The store's refusal in words; for a version an event named and not yet confirmed, a 412 or 404 is FileGone. */
function downloadError(origin: SourceFile, err: unknown, confirming: boolean): Error {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (confirming) {
    if (status === 412 || e.name === 'PreconditionFailed') {
      return new FileGone(origin.uri, `was overwritten since its event (ETag ${origin.etag} no longer matches): the newer version's event lands it`, {
        cause: err,
      });
    }
    if (status === 404 || e.name === 'NoSuchKey' || e.name === 'NotFound') {
      return new FileGone(origin.uri, `does not exist (deleted since the event?)`, { cause: err });
    }
  }
  if (status === 412 || e.name === 'PreconditionFailed') {
    return new FileError(origin.uri, `changed since it was listed (ETag ${origin.etag} no longer matches); it is read again next run`, { cause: err });
  }
  if (status === 404 || e.name === 'NoSuchKey') return new FileError(origin.uri, 'was deleted since it was listed', { cause: err });
  if (status === 403 || e.name === 'AccessDenied') return new FileError(origin.uri, 'access denied: the credentials may list but not read it', { cause: err });
  return new FileError(origin.uri, `download failed: ${errorMessage(err)}`, { cause: err });
}
