import type { CheckpointRecord, CheckpointStatus } from '@sluice/sdk';
import { and, eq, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbClient } from './db-client.ts';
import * as sqliteTables from './db/schema.ts';
import { builtUpsert, preparedUpsert } from './prepared-upsert.ts';
import { sqliteClientOf } from './sqlite/sqlite-store-db.ts';
import type { StoreDb, Tables } from './store-db.ts';

/** Keys per look-up query (SQLite binds them as one JSON array, so any batch reuses its one prepared statement). */
const BATCH = 500;

/**
 * What every file costs a graph's checkpoints (CheckpointRepository.forGraph): its look-up, alone or
 * in a batch, and its record's upsert. One implementation per dialect, each the fastest it allows:
 * SQLite's statements are prepared once per node store (its one connection serves every caller);
 * PostgreSQL's are built on `db()` at each call, so that they run in the caller's transaction.
 * `keys` are distinct and hold no NUL (the repository sees to both). SQLite's answer at once when
 * the store lock is free or held here (`DbClient.locked`): the repository's one `async` method
 * around each adds no other turn of the event loop per file.
 */
export interface CheckpointStatements {
  get(sourceNode: string, key: string): Awaitable<CheckpointRecord | undefined>;
  getMany(sourceNode: string, keys: readonly string[]): Awaitable<Map<string, CheckpointRecord>>;
  put(record: CheckpointRecord): Awaitable<void>;
  /**
   * Several records in one statement (PostgreSQL, chunks of BATCH), as `put` of each would leave
   * them; distinct by key (the caller merges repeats). Undefined where a `put` each costs less
   * (SQLite: a prepared statement in process, no round trip).
   */
  putMany?(records: readonly CheckpointRecord[]): Promise<void>;
}

export type Awaitable<T> = T | Promise<T>;

export function checkpointStatements(c: StoreDb, graphId: string): CheckpointStatements {
  const sqlite = sqliteClientOf(c);
  return sqlite ? preparedStatements(sqlite, graphId) : builtStatements(c, graphId);
}

/** A value, or one of SQLite's placeholders. */
type Bound = string | SQLWrapper;

/** A record's row: the graph, source node and key (values, or SQLite's placeholders). */
function recordOfKey({ checkpoints }: Pick<Tables, 'checkpoints'>, graphId: string, sourceNode: Bound, key: Bound): SQL | undefined {
  return and(eq(checkpoints.graphId, graphId), eq(checkpoints.sourceNode, sourceNode), eq(checkpoints.key, key));
}

/** first_seen_at keeps the first sighting of the file, whatever the caller passes later. */
const UPSERT = { target: ['graphId', 'sourceNode', 'key'], keep: ['firstSeenAt'] } as const;

function* batches(keys: readonly string[]): Generator<string[]> {
  for (let i = 0; i < keys.length; i += BATCH) yield keys.slice(i, i + BATCH);
}

function builtStatements(c: StoreDb, graphId: string): CheckpointStatements {
  const { checkpoints } = c.t;
  const upsert = builtUpsert(checkpoints, UPSERT.target, UPSERT.keep);
  return {
    async get(sourceNode, key) {
      const [row] = await c.run(() =>
        c
          .db()
          .select()
          .from(checkpoints)
          .where(recordOfKey(c.t, graphId, sourceNode, key)),
      );
      return row;
    },
    getMany: (sourceNode, keys) =>
      c.run(async () => {
        const found = new Map<string, CheckpointRecord>();
        for (const batch of batches(keys)) {
          const rows = await c
            .db()
            .select()
            .from(checkpoints)
            .where(and(eq(checkpoints.graphId, graphId), eq(checkpoints.sourceNode, sourceNode), inArray(checkpoints.key, batch)));
          for (const r of rows) found.set(r.key, r);
        }
        return found;
      }),
    async put(record) {
      await c.run(() => upsert(c.db(), record));
    },
    putMany: (records) =>
      c.run(async () => {
        for (let i = 0; i < records.length; i += BATCH) await upsert(c.db(), records.slice(i, i + BATCH));
      }),
  };
}

/** Every column of a record, in the order `recordOf` reads them. */
const { checkpoints } = sqliteTables;
const RECORD_COLUMNS = {
  graphId: checkpoints.graphId,
  sourceNode: checkpoints.sourceNode,
  key: checkpoints.key,
  size: checkpoints.size,
  modifiedAt: checkpoints.modifiedAt,
  etag: checkpoints.etag,
  versionId: checkpoints.versionId,
  fingerprint: checkpoints.fingerprint,
  contentHash: checkpoints.contentHash,
  rows: checkpoints.rows,
  status: checkpoints.status,
  error: checkpoints.error,
  attempts: checkpoints.attempts,
  runId: checkpoints.runId,
  firstSeenAt: checkpoints.firstSeenAt,
  updatedAt: checkpoints.updatedAt,
};

/** A row of RECORD_COLUMNS as SQLite gives it: times as epoch milliseconds. */
type RecordValues = [
  string,
  string,
  string,
  number,
  number | null,
  string | null,
  string | null,
  string,
  string | null,
  number | null,
  CheckpointStatus,
  string | null,
  number,
  string,
  number,
  number,
];

/** The record a row of RECORD_COLUMNS holds, as drizzle would map it (node-store.test.ts compares them). */
function recordOf(r: RecordValues): CheckpointRecord {
  return {
    graphId: r[0],
    sourceNode: r[1],
    key: r[2],
    size: r[3],
    modifiedAt: r[4] === null ? null : new Date(r[4]),
    etag: r[5],
    versionId: r[6],
    fingerprint: r[7],
    contentHash: r[8],
    rows: r[9],
    status: r[10],
    error: r[11],
    attempts: r[12],
    runId: r[13],
    firstSeenAt: new Date(r[14]),
    updatedAt: new Date(r[15]),
  };
}

/**
 * SQLite: the statements prepared once per node store: drizzle building the same query again for
 * every file cost more than SQLite running it (~1 ms per landed file over the sink's queries). Each
 * runs in one synchronous step under the store lock (`DbClient.locked`).
 */
function preparedStatements(client: DbClient, graphId: string): CheckpointStatements {
  const { db } = client;
  const oneByKey = db
    .select()
    .from(checkpoints)
    .where(recordOfKey(sqliteTables, graphId, sql.placeholder('sourceNode'), sql.placeholder('key')))
    .prepare();
  const upsertCheckpoint = preparedUpsert(db, checkpoints, UPSERT.target, UPSERT.keep);
  // Building and preparing the query per batch was most of the cost of a re-run over many files.
  // Its rows are read as arrays and made into records here (recordOf): drizzle's row mapping (an
  // entity check and a decoder call per column) took as long as SQLite running the query, which
  // is most of what a re-run over 10,000 unchanged files does per file.
  // The keys drive the join, one primary-key search each; CROSS JOIN keeps SQLite from turning
  // the order round (a plain join of an empty table walks the graph's rows and the keys for each).
  // It was `key in (select value from json_each(?))`: also one search per key, but SQLite first
  // put the keys in a temporary b-tree with a page cache of its own, allocated and faulted in
  // again by every query: in a first run over 2,000 small files, ~1,200 look-ups of a few keys
  // took 250 ms (0.14 ms median), now 65-90 ms. checkpoint-repository.test.ts checks the plan.
  const manyByKeys = db
    .select(RECORD_COLUMNS)
    .from(sql`json_each(${sql.placeholder('keys')}) as j`)
    .crossJoin(checkpoints)
    .where(and(eq(checkpoints.graphId, graphId), eq(checkpoints.sourceNode, sql.placeholder('sourceNode')), sql`${checkpoints.key} = j.value`))
    .prepare();
  return {
    get: (sourceNode, key) => client.locked(() => oneByKey.get({ sourceNode, key })),
    getMany: (sourceNode, keys) =>
      client.locked(() => {
        const found = new Map<string, CheckpointRecord>();
        for (const batch of batches(keys)) {
          for (const r of manyByKeys.values({ sourceNode, keys: JSON.stringify(batch) }) as RecordValues[]) found.set(r[2], recordOf(r));
        }
        return found;
      }),
    put: (record) => client.locked(() => upsertCheckpoint.run(record)),
  };
}
