/**
 * The identity of one file in a source, as read from the listing (no byte of it downloaded yet).
 * Checkpoints, Bronze parts and audit columns all refer to it.
 */
export interface SourceFile {
  /** The id of the source node in the graph. Checkpoints are kept per graph and source node. */
  sourceNode: string;
  /** Stable identity inside the source: a path relative to the folder, or an object key. */
  key: string;
  /** Where it lives, for people and for `_source_file`: `file:///abs/path` or `s3://bucket/key`. */
  uri: string;
  size: number;
  /** The store's modification time; the epoch while `unconfirmed`. */
  modifiedAt: Date;
  etag?: string;
  versionId?: string;
  /**
   * A cheap identity of this version of the file, from the listing alone: size plus ETag (or
   * modification time where there is no ETag). A file whose fingerprint is unchanged is not read again.
   */
  fingerprint: string;
  /**
   * Set while size, ETag and version id are a trigger's word (a bucket event's KeyFacts), not yet
   * the store's, and `modifiedAt` is not known. The source confirms them when it first reads the
   * file (its read is pinned to that version, and the store's size must be the one given) or when
   * a node calls `FileItem.confirm`; it then sets `modifiedAt` (and `versionId`) from the store's
   * answer and clears this, before any byte reaches a reader. A read that finds the version gone throws FileGone.
   * A checkpoint records nothing for a file still unconfirmed when it settles: nothing shows that
   * the version exists.
   */
  unconfirmed?: true;
}

export function fingerprintOf(f: { size: number; modifiedAt: Date; etag?: string; versionId?: string }): string {
  if (f.versionId) return `v:${f.versionId}`;
  if (f.etag) return `e:${f.size}:${f.etag.replace(/"/g, '')}`;
  return `m:${f.size}:${f.modifiedAt.getTime()}`;
}
