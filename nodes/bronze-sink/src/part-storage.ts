/** A file found in a table's storage. */
export interface StoredFile {
  /** Relative to the table root, '/'-separated. */
  path: string;
  /**
   * When the file was last written; undefined when it is gone by now. Asked only of the files that
   * need it: a local folder stats the file then, not while listing (a table of many parts is listed
   * on every run, and the parts the manifest lists need no stat).
   */
  modifiedAt(): Promise<Date | undefined>;
}

/**
 * Where a Bronze table's files live, reduced to the few operations the sink needs, so that a local
 * folder and an S3 prefix are interchangeable. Paths are relative to the table root.
 */
export interface PartStorage {
  /** The table's location as recorded in the manifest: `file:///root/table` or `s3://bucket/prefix/table`. */
  readonly tableUri: string;
  /** A local file path for polars to write the part into: its pending name in its folder, or a local temporary file. */
  stage(path: string): Promise<string>;
  /**
   * Makes a staged part durable under its pending name (`pendingPath(path)`), which no `*.parquet`
   * glob matches; returns its size in bytes. Called before the commit that records `path`.
   */
  hold(staged: string, path: string): Promise<number>;
  /**
   * Gives a held part its final name, after the commit that recorded it: a rename (local), a
   * server-side copy and a delete (S3). A part already under its final name with no pending file
   * left is not an error: a roll-forward may be repeated after another crash.
   */
  publish(path: string): Promise<void>;
  /** Every file under the table root (parts, staged leftovers, the manifest snapshot), a page at a time. */
  list(): AsyncIterable<StoredFile[]>;
  /** Removes a file; a missing file is not an error. */
  delete(path: string): Promise<void>;
  /** Drops a staged file that was never held. */
  discard(staged: string): Promise<void>;
  /** Writes a small text file atomically (the manifest snapshot). */
  writeText(path: string, text: string): Promise<void>;
  /** Up to the first `bytes` bytes of a file as text (the head of the manifest snapshot); undefined when it is missing. */
  readHead(path: string, bytes: number): Promise<string | undefined>;
  /**
   * Aborts uploads begun before `before` and never completed (S3 multipart), but those `spared`
   * keeps (given the upload's path under the table root: a live writer's); returns how many.
   */
  abortIncompleteUploads(before: Date, spared: (path: string) => Promise<boolean>): Promise<number>;
  /** A stored file for reads at any offset (a Parquet footer, then its row groups); undefined when it is missing. */
  openRanges(path: string): Promise<RangeReader | undefined>;
  /** Releases what the storage holds (clients, staging folders). */
  close(): Promise<void>;
}

/** Random reads of one stored file, as hyparquet's AsyncBuffer asks them. */
export interface RangeReader {
  readonly size: number;
  /** Bytes `start` to `end` (exclusive). */
  read(start: number, end: number): Promise<ArrayBuffer>;
  close(): Promise<void>;
}
