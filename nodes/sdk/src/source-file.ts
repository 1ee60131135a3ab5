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
  modifiedAt: Date;
  etag?: string;
  versionId?: string;
  /**
   * A cheap identity of this version of the file, from the listing alone: size plus ETag (or
   * modification time where there is no ETag). A file whose fingerprint is unchanged is not read again.
   */
  fingerprint: string;
}

export function fingerprintOf(f: { size: number; modifiedAt: Date; etag?: string; versionId?: string }): string {
  if (f.versionId) return `v:${f.versionId}`;
  if (f.etag) return `e:${f.size}:${f.etag.replace(/"/g, '')}`;
  return `m:${f.size}:${f.modifiedAt.getTime()}`;
}
