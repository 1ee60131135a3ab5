import type { CheckpointRecord, CheckpointStatus, CheckpointWriter } from '@sluice/sdk';
import { and, asc, count, eq, lt, type SQL, sql } from 'drizzle-orm';
import { checkpoints, type CheckpointRow, watermarks } from './db/checkpoints-table.ts';
import type { DbClient } from './db-client.ts';
import type { Page } from './page.ts';
import { preparedUpsert } from './prepared-upsert.ts';

/** Keys per lookup: the keys travel as one JSON array, so any batch reuses one prepared statement. */
const BATCH = 500;

/** Every column of a record, in the order `recordOf` reads them. */
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

export interface CheckpointFilter {
  sourceNode?: string;
  key?: string;
  status?: CheckpointStatus;
}

/**
 * Tables `checkpoints` and `watermarks`, and no other: listing and resets for the API, and
 * `forGraph`, the sdk's CheckpointWriter that nodes reach through NodeStore and StoreTx.
 */
export class CheckpointRepository {
  constructor(private readonly c: DbClient) {}

  /**
   * One graph's checkpoints as nodes see them. The per-file statements are prepared once per call
   * (one per node store): drizzle building the same query again for every file cost more than
   * SQLite running it (~1 ms per landed file over the sink's queries).
   */
  forGraph(graphId: string): CheckpointWriter {
    const c = this.c;
    const oneByKey = c.db
      .select()
      .from(checkpoints)
      .where(and(eq(checkpoints.graphId, graphId), eq(checkpoints.sourceNode, sql.placeholder('sourceNode')), eq(checkpoints.key, sql.placeholder('key'))))
      .prepare();
    // first_seen_at keeps the first sighting of the file, whatever the caller passes later.
    const upsertCheckpoint = preparedUpsert(c.db, checkpoints, ['graphId', 'sourceNode', 'key'], ['firstSeenAt']);
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
    const manyByKeys = c.db
      .select(RECORD_COLUMNS)
      .from(sql`json_each(${sql.placeholder('keys')}) as j`)
      .crossJoin(checkpoints)
      .where(and(eq(checkpoints.graphId, graphId), eq(checkpoints.sourceNode, sql.placeholder('sourceNode')), sql`${checkpoints.key} = j.value`))
      .prepare();
    return {
      get: async (sourceNode, key) => c.locked(() => oneByKey.get({ sourceNode, key })),
      async getMany(sourceNode, keys) {
        const unique = [...new Set(keys)];
        return c.locked(() => {
          const found = new Map<string, CheckpointRecord>();
          for (let i = 0; i < unique.length; i += BATCH) {
            const rows = manyByKeys.values({ sourceNode, keys: JSON.stringify(unique.slice(i, i + BATCH)) }) as RecordValues[];
            for (const r of rows) found.set(r[2], recordOf(r));
          }
          return found;
        });
      },
      async getWatermark(sourceNode) {
        return c.locked(
          () =>
            c.db
              .select({ at: watermarks.at })
              .from(watermarks)
              .where(and(eq(watermarks.graphId, graphId), eq(watermarks.sourceNode, sourceNode)))
              .get()?.at,
        );
      },
      async put(record) {
        // A node store belongs to one graph: writing another graph's record is a bug, not a feature.
        if (record.graphId !== graphId) throw new Error(`checkpoint for graph "${record.graphId}" written through the store of graph "${graphId}"`);
        await c.locked(() => upsertCheckpoint.run(record));
      },
      async prune(sourceNode, before) {
        return c.locked(
          () =>
            c.db
              .delete(checkpoints)
              .where(
                and(
                  eq(checkpoints.graphId, graphId),
                  eq(checkpoints.sourceNode, sourceNode),
                  eq(checkpoints.status, 'processed'),
                  lt(checkpoints.modifiedAt, before.modifiedBefore),
                  lt(checkpoints.updatedAt, before.updatedBefore),
                ),
              )
              .run().changes,
        );
      },
      async setWatermark(sourceNode, at) {
        await c.locked(() =>
          c.db
            .insert(watermarks)
            .values({ graphId, sourceNode, at })
            .onConflictDoUpdate({ target: [watermarks.graphId, watermarks.sourceNode], set: { at } })
            .run(),
        );
      },
    };
  }

  async list(graphId: string, filter: CheckpointFilter, limit: number, offset: number): Promise<Page<CheckpointRow>> {
    const where = this.where(graphId, filter);
    return this.c.locked(() => {
      const items = this.c.db
        .select()
        .from(checkpoints)
        .where(where)
        .orderBy(asc(checkpoints.sourceNode), asc(checkpoints.key))
        .limit(limit)
        .offset(offset)
        .all();
      const total = this.c.db.select({ n: count() }).from(checkpoints).where(where).get()?.n ?? 0;
      return { items, total, limit, offset };
    });
  }

  /**
   * Forgets records so that their files are processed again. A reset without a key or status also
   * drops the source's watermark: otherwise incremental sources would still skip the older files.
   */
  async reset(graphId: string, filter: CheckpointFilter): Promise<number> {
    return this.c.atomic(() => {
      const n = this.c.db.delete(checkpoints).where(this.where(graphId, filter)).run().changes;
      if (filter.key === undefined && filter.status === undefined) {
        const w: SQL[] = [eq(watermarks.graphId, graphId)];
        if (filter.sourceNode !== undefined) w.push(eq(watermarks.sourceNode, filter.sourceNode));
        this.c.db
          .delete(watermarks)
          .where(and(...w))
          .run();
      }
      return n;
    });
  }

  private where(graphId: string, f: CheckpointFilter): SQL | undefined {
    const w: SQL[] = [eq(checkpoints.graphId, graphId)];
    if (f.sourceNode !== undefined) w.push(eq(checkpoints.sourceNode, f.sourceNode));
    if (f.key !== undefined) w.push(eq(checkpoints.key, f.key));
    if (f.status !== undefined) w.push(eq(checkpoints.status, f.status));
    return and(...w);
  }
}
