import type {
  BronzePart,
  BronzeSchemaVersion,
  CheckpointRecord,
  CheckpointWriter,
  NodeStore,
  PartWriter,
  StoreTx,
} from '@sluice/sdk';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { bronzeParts, bronzeSchemas } from './db/bronze-tables.ts';
import { checkpoints, watermarks } from './db/checkpoints-table.ts';
import { type DbClient, writeTransaction } from './db-client.ts';
import { partPathsQuery } from './part-paths.ts';
import { preparedUpsert } from './prepared-upsert.ts';

/** Keys per `IN (...)` query: well under SQLite's bound-parameter limit, few round trips. */
const BATCH = 500;

/**
 * The store as a node sees it, scoped to one graph. Reads run on their own; writes only through
 * `transaction`, which the executor opens when a file settles.
 */
export function createNodeStore(c: DbClient, graphId: string): NodeStore {
  const cp = checkpointAccess(c, graphId);
  const parts = partAccess(c);
  const tx: StoreTx = { checkpoints: cp, parts };
  return {
    graphId,
    checkpoints: { get: cp.get, getMany: cp.getMany, getWatermark: cp.getWatermark },
    parts: { partsOf: parts.partsOf, list: parts.list, paths: parts.paths, schemaVersions: parts.schemaVersions },
    transaction: <T>(fn: (tx: StoreTx) => T): T => writeTransaction(c, () => fn(tx)),
  };
}

function checkpointAccess(c: DbClient, graphId: string): CheckpointWriter {
  // The per-file statements are prepared once per store: drizzle building the same query again for
  // every file cost more than SQLite running it (~1 ms per landed file over the sink's queries).
  const oneByKey = c.db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.graphId, graphId), eq(checkpoints.sourceNode, sql.placeholder('sourceNode')), eq(checkpoints.key, sql.placeholder('key'))))
    .prepare();
  // first_seen_at keeps the first sighting of the file, whatever the caller passes later.
  const upsertCheckpoint = preparedUpsert(c.db, checkpoints, ['graphId', 'sourceNode', 'key'], ['firstSeenAt']);
  // Prepared once: the keys travel as one JSON array, so a batch of any size reuses the statement
  // (building and preparing the query per batch was most of the cost of a re-run over many files).
  const manyByKeys = c.db
    .select()
    .from(checkpoints)
    .where(
      and(
        eq(checkpoints.graphId, graphId),
        eq(checkpoints.sourceNode, sql.placeholder('sourceNode')),
        sql`${checkpoints.key} in (select value from json_each(${sql.placeholder('keys')}))`,
      ),
    )
    .prepare();
  return {
    get: (sourceNode, key) => oneByKey.get({ sourceNode, key }),
    getMany(sourceNode, keys) {
      const found = new Map<string, CheckpointRecord>();
      const unique = [...new Set(keys)];
      for (let i = 0; i < unique.length; i += BATCH) {
        const rows = manyByKeys.all({ sourceNode, keys: JSON.stringify(unique.slice(i, i + BATCH)) });
        for (const r of rows) found.set(r.key, r);
      }
      return found;
    },
    getWatermark(sourceNode) {
      return c.db
        .select({ at: watermarks.at })
        .from(watermarks)
        .where(and(eq(watermarks.graphId, graphId), eq(watermarks.sourceNode, sourceNode)))
        .get()?.at;
    },
    put(record) {
      // A node store belongs to one graph: writing another graph's record is a bug, not a feature.
      if (record.graphId !== graphId) throw new Error(`checkpoint for graph "${record.graphId}" written through the store of graph "${graphId}"`);
      upsertCheckpoint.run(record);
    },
    prune(sourceNode, before) {
      return c.db
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
        .run().changes;
    },
    setWatermark(sourceNode, at) {
      c.db
        .insert(watermarks)
        .values({ graphId, sourceNode, at })
        .onConflictDoUpdate({ target: [watermarks.graphId, watermarks.sourceNode], set: { at } })
        .run();
    },
  };
}

function partAccess(c: DbClient): PartWriter {
  // Prepared once: the sink asks these for every file it lands.
  const partsOfSource = c.db
    .select()
    .from(bronzeParts)
    .where(and(eq(bronzeParts.table, sql.placeholder('table')), eq(bronzeParts.sourceNode, sql.placeholder('sourceNode')), eq(bronzeParts.sourceKey, sql.placeholder('sourceKey'))))
    .prepare();
  const versionsOf = c.db.select().from(bronzeSchemas).where(eq(bronzeSchemas.table, sql.placeholder('table'))).orderBy(asc(bronzeSchemas.version)).prepare();
  const upsertPart = preparedUpsert(c.db, bronzeParts, ['table', 'path']);
  const removePart = c.db
    .delete(bronzeParts)
    .where(and(eq(bronzeParts.table, sql.placeholder('table')), eq(bronzeParts.path, sql.placeholder('path'))))
    .prepare();
  return {
    // Sorted here, not by SQL: with `ORDER BY path` SQLite walks the primary key (table, path) and
    // scans the whole table for every file (0.4 ms per call at 2,000 parts, growing with the table)
    // instead of using bronze_parts_source_idx (0.006 ms).
    partsOf: (table, sourceNode, sourceKey) => partsOfSource.all({ table, sourceNode, sourceKey }).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    list: (table) => c.db.select().from(bronzeParts).where(eq(bronzeParts.table, table)).orderBy(asc(bronzeParts.path)).all(),
    paths: partPathsQuery(c),
    schemaVersions: (table): BronzeSchemaVersion[] => versionsOf.all({ table }),
    add(part: BronzePart) {
      upsertPart.run(part);
    },
    remove(table, path) {
      removePart.run({ table, path });
    },
    addSchemaVersion(v) {
      const existing = c.db
        .select()
        .from(bronzeSchemas)
        .where(and(eq(bronzeSchemas.table, v.table), eq(bronzeSchemas.version, v.version)))
        .get();
      if (!existing) {
        c.db.insert(bronzeSchemas).values(v).run();
        return;
      }
      // Re-recording the same version (a retried file) is harmless; a different one means two writers disagree.
      if (JSON.stringify(existing.columns) !== JSON.stringify(v.columns)) {
        throw new Error(`schema version ${v.version} of Bronze table ${v.table} already exists with other columns`);
      }
    },
  };
}
