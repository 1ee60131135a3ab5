import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The Bronze table manifest: which Parquet part holds which source file's rows (BronzePart in the
 * sdk), one row per (part, source file): a part may hold a batch of files. `rows` is that file's rows
 * in the part; `bytes`, `schemaVersion`, `runId`, `graphId` and `createdAt` are the part's, the same
 * on each of its rows.
 */
export const bronzeParts = sqliteTable(
  'bronze_parts',
  {
    table: text('table').notNull(),
    path: text('path').notNull(),
    sourceNode: text('source_node').notNull(),
    sourceKey: text('source_key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    rows: integer('rows').notNull(),
    bytes: integer('bytes').notNull(),
    schemaVersion: integer('schema_version').notNull(),
    runId: text('run_id').notNull(),
    graphId: text('graph_id').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.table, t.path, t.sourceNode, t.sourceKey] }), index('bronze_parts_source_idx').on(t.table, t.sourceNode, t.sourceKey)],
);

export type BronzePartRow = typeof bronzeParts.$inferSelect;

/** Schema versions of a Bronze table (BronzeSchemaVersion in the sdk). */
export const bronzeSchemas = sqliteTable(
  'bronze_schemas',
  {
    table: text('table').notNull(),
    version: integer('version').notNull(),
    columns: text('columns', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.table, t.version] })],
);
