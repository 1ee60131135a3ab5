/**
 * What node code may read and write in the runtime's store: the contract the store's checkpoint and
 * Bronze part repositories implement (store/README.md). Every read and write returns a promise (a
 * store may stand on an asynchronous driver). Writes happen inside `transaction`, which the executor
 * opens when a file settles so that a Bronze part and the file's checkpoint commit together: await
 * each of them there, so that the transaction commits only after them and fails with them.
 */

export const CHECKPOINT_STATUSES = ['processed', 'failed', 'quarantined'] as const;
export type CheckpointStatus = (typeof CHECKPOINT_STATUSES)[number];

export interface CheckpointRecord {
  graphId: string;
  sourceNode: string;
  key: string;
  size: number;
  modifiedAt: Date | null;
  etag: string | null;
  versionId: string | null;
  fingerprint: string;
  contentHash: string | null;
  rows: number | null;
  status: CheckpointStatus;
  error: string | null;
  /** Failed attempts since the last success. */
  attempts: number;
  runId: string;
  firstSeenAt: Date;
  updatedAt: Date;
}

export interface CheckpointReader {
  get(sourceNode: string, key: string): Promise<CheckpointRecord | undefined>;
  /** Records for many keys at once (one query per batch, not per file). */
  getMany(sourceNode: string, keys: string[]): Promise<Map<string, CheckpointRecord>>;
  /** The watermark of a source node: the modification time up to which every file has succeeded. */
  getWatermark(sourceNode: string): Promise<Date | undefined>;
}

export interface CheckpointWriter extends CheckpointReader {
  /** Records a file's checkpoint; a record already there keeps its `firstSeenAt` (the first sighting), whatever `record` says. */
  put(record: CheckpointRecord): Promise<void>;
  setWatermark(sourceNode: string, at: Date): Promise<void>;
  /**
   * Retention: deletes the `processed` records of a source node whose file was modified before
   * `modifiedBefore` and whose record was last written before `updatedBefore`; returns how many.
   * Failed and quarantined records are kept. The caller must make sure a pruned file cannot count
   * as new (the checkpoint node skips files older than its retention horizon).
   */
  prune(sourceNode: string, before: { modifiedBefore: Date; updatedBefore: Date }): Promise<number>;
}

/**
 * One Parquet part of a Bronze table as the table manifest records it, for one source file: a part
 * may hold a batch of files and is then recorded once for each. `sourceNode`, `sourceKey`,
 * `fingerprint` and `rows` are the file's; the rest are the part's, the same on each of its entries.
 */
export interface BronzePart {
  /** Where the table lives: `file:///root/table` or `s3://bucket/prefix/table`. */
  table: string;
  /** The part's location relative to the table root. */
  path: string;
  sourceNode: string;
  sourceKey: string;
  fingerprint: string;
  rows: number;
  bytes: number;
  schemaVersion: number;
  runId: string;
  graphId: string;
  createdAt: Date;
}

export interface BronzeSchemaVersion {
  table: string;
  version: number;
  /** Column name to polars dtype name, in column order. */
  columns: Record<string, string>;
  createdAt: Date;
}

export interface PartReader {
  /**
   * The parts that hold a source file's rows now, each with that file's rows. Through a node's
   * store, the rows its own graph landed: another graph writing the same table may have a file of
   * the same source node id and key, which is not this one.
   */
  partsOf(table: string, sourceNode: string, sourceKey: string): Promise<BronzePart[]>;
  /**
   * `partsOf` of each file, in the order given: what a batch of files asks at once (one query per
   * few hundred files on PostgreSQL, where each query is a round trip, instead of one per file).
   */
  partsOfFiles(table: string, files: readonly { sourceNode: string; key: string }[]): Promise<BronzePart[][]>;
  /** Every (part, file) of a table, in path order: a part of several files is listed once for each. */
  list(table: string): Promise<BronzePart[]>;
  /** Every file's entry of one part: which files share it (none if no such part is committed). */
  filesIn(table: string, path: string): Promise<BronzePart[]>;
  /**
   * The parts of a table by path and writing run only, each path once, in path order: what a sink
   * checks on every run (which stored files are committed, whether its snapshot is current), several
   * times cheaper than `list` on a large table.
   */
  paths(table: string): Promise<Pick<BronzePart, 'path' | 'runId'>[]>;
  schemaVersions(table: string): Promise<BronzeSchemaVersion[]>;
}

export interface PartWriter extends PartReader {
  /** Records (or replaces) one file's entry of a part; a part of several files takes one call for each. */
  add(part: BronzePart): Promise<void>;
  /** `add` of each entry, in order (a later entry of the same part and file replaces an earlier one): a part's files in one statement. */
  addMany(parts: readonly BronzePart[]): Promise<void>;
  /** Removes a part: the entries of every file it holds. */
  remove(table: string, path: string): Promise<void>;
  addSchemaVersion(v: BronzeSchemaVersion): Promise<void>;
  /**
   * First in a commit that reads `table`'s manifest to decide what it writes there (the parts a file
   * replaces, the schema version it adds): waits while another transaction of any process holds
   * the table so, and holds it until this transaction ends, so that two writers of one table at once
   * commit one after the other. (On SQLite every write transaction already excludes the others.)
   */
  holdTable(table: string): Promise<void>;
}

export interface StoreTx {
  checkpoints: CheckpointWriter;
  parts: PartWriter;
}

/** The store as a node sees it: graph-scoped reads, and writes inside a transaction. */
export interface NodeStore {
  graphId: string;
  checkpoints: CheckpointReader;
  parts: PartReader;
  /**
   * Runs `fn` in one transaction: what it writes through `tx` commits once its promise resolves, or
   * not at all if it rejects; nested, a savepoint. Other callers' store work waits meanwhile, so
   * `fn` does no I/O but the store's, and reaches the store only through its own (awaited) calls:
   * awaiting a store call started elsewhere would wait for this transaction forever.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T> | T): Promise<T>;
}
