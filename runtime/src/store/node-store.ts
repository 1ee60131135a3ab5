import type {
  BronzePart,
  BronzeSchemaVersion,
  CheckpointRecord,
  CheckpointWriter,
  NodeStore,
  PartWriter,
  StoreTx,
} from '@sluice/sdk';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { bronzeParts, bronzeSchemas } from '../db/bronze-tables.ts';
import { checkpoints, watermarks } from '../db/checkpoints-table.ts';
import { type DbClient, writeTransaction } from './db-client.ts';

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
    parts: { partsOf: parts.partsOf, list: parts.list, schemaVersions: parts.schemaVersions },
    transaction: <T>(fn: (tx: StoreTx) => T): T => writeTransaction(c, () => fn(tx)),
  };
}

function checkpointAccess(c: DbClient, graphId: string): CheckpointWriter {
  const byKey = (sourceNode: string, key: string) =>
    and(eq(checkpoints.graphId, graphId), eq(checkpoints.sourceNode, sourceNode), eq(checkpoints.key, key));
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
    get: (sourceNode, key) => c.db.select().from(checkpoints).where(byKey(sourceNode, key)).get(),
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
      const { graphId: _g, sourceNode: _s, key: _k, firstSeenAt: _f, ...changes } = record;
      // first_seen_at keeps the first sighting of the file, whatever the caller passes later.
      c.db.insert(checkpoints).values(record).onConflictDoUpdate({ target: [checkpoints.graphId, checkpoints.sourceNode, checkpoints.key], set: changes }).run();
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
  return {
    partsOf: (table, sourceNode, sourceKey) =>
      c.db
        .select()
        .from(bronzeParts)
        .where(and(eq(bronzeParts.table, table), eq(bronzeParts.sourceNode, sourceNode), eq(bronzeParts.sourceKey, sourceKey)))
        .orderBy(asc(bronzeParts.path))
        .all(),
    list: (table) => c.db.select().from(bronzeParts).where(eq(bronzeParts.table, table)).orderBy(asc(bronzeParts.path)).all(),
    schemaVersions: (table): BronzeSchemaVersion[] =>
      c.db.select().from(bronzeSchemas).where(eq(bronzeSchemas.table, table)).orderBy(asc(bronzeSchemas.version)).all(),
    add(part: BronzePart) {
      const { table: _t, path: _p, ...changes } = part;
      c.db.insert(bronzeParts).values(part).onConflictDoUpdate({ target: [bronzeParts.table, bronzeParts.path], set: changes }).run();
    },
    remove(table, path) {
      c.db.delete(bronzeParts).where(and(eq(bronzeParts.table, table), eq(bronzeParts.path, path))).run();
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
