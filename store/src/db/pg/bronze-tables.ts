import { bigint, index, integer, json, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { moment, text } from './pg-columns.ts';

/** The Bronze table manifest, one row per (part, source file) (see ../bronze-tables.ts). */
export const bronzeParts = pgTable(
  'bronze_parts',
  {
    table: text('table').notNull(),
    path: text('path').notNull(),
    sourceNode: text('source_node').notNull(),
    sourceKey: text('source_key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    rows: bigint('rows', { mode: 'number' }).notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    schemaVersion: integer('schema_version').notNull(),
    runId: text('run_id').notNull(),
    graphId: text('graph_id').notNull(),
    createdAt: moment('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.table, t.path, t.sourceNode, t.sourceKey] }), index('bronze_parts_source_idx').on(t.table, t.sourceNode, t.sourceKey)],
);

/** Schema versions of a Bronze table. `json`, not `jsonb`: the columns keep their order. */
export const bronzeSchemas = pgTable(
  'bronze_schemas',
  {
    table: text('table').notNull(),
    version: integer('version').notNull(),
    columns: json('columns').$type<Record<string, string>>().notNull(),
    createdAt: moment('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.table, t.version] })],
);
