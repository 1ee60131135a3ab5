import type { Readable } from 'node:stream';
import type { LazyDataFrame } from 'nodejs-polars';
import type { SourceFile } from './source-file.ts';

/** What flows on a `files` port: a reference to bytes, never the bytes themselves. */
export interface FileItem {
  kind: 'file';
  /** The source file this came from; unchanged through decompression. */
  origin: SourceFile;
  /** The name of these bytes, e.g. `sales.csv` after `sales.csv.gz` was decompressed. */
  name: string;
  /** Size in bytes when known (a decompressed stream's size is not known before it is read). */
  size?: number;
  /** Compression already detected or removed upstream, so that later nodes need not sniff again. */
  compression?: 'none' | 'gzip' | 'zstd';
  /** Opens the bytes as a stream. Each call starts from the first byte. */
  open(signal?: AbortSignal): Promise<Readable>;
  /**
   * The first `n` bytes (fewer when the file is shorter), for sniffing, read the cheapest way the
   * source knows: one small read of a local file, instead of a stream and its 64 KiB buffer (on
   * many tiny files, a third of the run: BENCHMARKS.md, issue 14). Without it, `readHead`
   * (`@sluice/sdk/compression`) reads the start of `open`'s stream. Same checks as `open`.
   */
  readHead?(n: number, signal?: AbortSignal): Promise<Buffer>;
  /**
   * A local file path holding the bytes, for engines that read files (polars). Local sources return
   * their own path; remote or derived bytes are spooled once to the file's temporary folder.
   */
  localPath(signal?: AbortSignal): Promise<string>;
  /**
   * A hint that the bytes will be read soon: a remote source may start fetching them in the
   * background (bounded by the source), so that downloads overlap with parsing. Called by a node
   * that has decided the file goes on (the checkpoint, for the files it passes); never required.
   */
  prefetch?(): void;
  /**
   * For an `unconfirmed` origin: asks the store about the version the trigger named without reading
   * it (a HeadObject pinned to that version), so that `origin.modifiedAt` is known before the bytes
   * are read; throws FileGone when that version is not there. For a node that needs the time before
   * deciding (a checkpoint with a retention horizon); reading the file confirms it anyway.
   */
  confirm?(signal?: AbortSignal): Promise<void>;
}

/** What flows on a `table` port: one file's rows as a lazy polars frame in native memory. */
export interface TableItem {
  kind: 'table';
  origin: SourceFile;
  /** The format the rows were parsed from (`csv`, `json`, `parquet`, `xlsx`, ...). */
  format: string;
  /** Lazy, so that a sink can stream it to Parquet without holding the file in memory. */
  frame: LazyDataFrame;
  /**
   * Set when the file was read together with others (one native read for a batch of small files):
   * their rows in one frame, for a consumer that can take them at once (a sink writing the batch as
   * one part) instead of one `frame` each. `frame` holds this file's rows alone all the same.
   */
  batch?: TableBatch;
}

/** Rows of several files read together, each row tagged with its file. */
export interface TableBatch {
  /** Every file's rows, with `fileColumn`; the same object for each item of the batch (compare by identity). */
  rows: LazyDataFrame;
  /** The column naming each row's file (by `key`): not one of the file's own columns. */
  fileColumn: string;
  /** This file's value in `fileColumn`. */
  key: string;
}

export type PortItem = FileItem | TableItem;
