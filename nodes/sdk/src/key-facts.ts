import { z } from 'zod';

/**
 * What a trigger says about the version of the object a key names: a bucket event carries the
 * object's size, ETag and version id. A source may take them instead of asking the store (no
 * HeadObject before the GET), but they are the sender's word, not the store's: a source that uses
 * them pins its read to that version (If-Match), checks the size the store answers with, and marks
 * the file `unconfirmed` until it has read it (see `SourceFile.unconfirmed`).
 */
export interface KeyFacts {
  /** The bucket the event was about: the facts hold only for a source reading that bucket. */
  bucket: string;
  size: number;
  /** Without quotes: hex, or hex-N for an object uploaded in N parts. */
  etag: string;
  versionId?: string;
}

/** A key a run takes (`params.keys`, or its key feed), with what its trigger said of its version, if anything. */
export interface RunKey {
  key: string;
  facts?: KeyFacts;
}

/** S3's largest object (5 TiB). */
const MAX_OBJECT_BYTES = 5 * 1024 ** 4;

/**
 * An MD5 (or another store's digest) in hex, with `-<parts>` for a multipart upload (at most
 * 10,000 parts): the only ETags S3, MinIO and Ceph RGW give. Anything else is not taken as a fact.
 */
const ETAG = /^[0-9a-fA-F]{1,128}(-[1-9][0-9]{0,4})?$/;

/** Printable ASCII without spaces, as S3, MinIO and RGW version ids are (AWS: up to 1024 bytes). */
const VERSION_ID = /^[\x21-\x7e]{1,1024}$/;

const keyFactsSchema = z.object({
  bucket: z.string().min(1).max(255),
  size: z.number().int().min(0).max(MAX_OBJECT_BYTES),
  etag: z.string().regex(ETAG),
  versionId: z.string().regex(VERSION_ID).optional(),
});

/** An ETag as stores send it (`"9a03..."`) without its quotes; an empty one (Ceph after some multipart uploads) is none. */
export function cleanEtag(etag: string | undefined): string | undefined {
  const clean = etag?.replace(/"/g, '').trim();
  return clean ? clean : undefined;
}

/**
 * The facts in what a trigger sent (hostile input: an event body, a stored run), or undefined when
 * they are incomplete or malformed: a source then asks the store, as for a key without facts.
 * Quotes around the ETag are dropped; a version id "null" (AWS, objects written before versioning
 * was on) or "" (RGW without versioning) is none.
 */
export function keyFactsOf(raw: unknown): KeyFacts | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const versionId = r.versionId === 'null' || r.versionId === '' || r.versionId === null ? undefined : r.versionId;
  const parsed = keyFactsSchema.safeParse({
    bucket: r.bucket,
    size: r.size,
    etag: typeof r.etag === 'string' ? cleanEtag(r.etag) : r.etag,
    ...(versionId !== undefined ? { versionId } : {}),
  });
  return parsed.success ? parsed.data : undefined;
}
