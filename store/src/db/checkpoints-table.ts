import type { CheckpointStatus } from '@sluice/sdk';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One record per file per graph and source node (see CheckpointRecord in the sdk). No foreign key
 * to graphs: the records describe files already landed in Bronze and must outlive graph edits.
 */
export const checkpoints = sqliteTable(
  'checkpoints',
  {
    graphId: text('graph_id').notNull(),
    sourceNode: text('source_node').notNull(),
    key: text('key').notNull(),
    size: integer('size').notNull(),
    modifiedAt: integer('modified_at', { mode: 'timestamp_ms' }),
    etag: text('etag'),
    versionId: text('version_id'),
    fingerprint: text('fingerprint').notNull(),
    contentHash: text('content_hash'),
    rows: integer('rows'),
    status: text('status').$type<CheckpointStatus>().notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    runId: text('run_id').notNull(),
    firstSeenAt: integer('first_seen_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.graphId, t.sourceNode, t.key] }),
    index('checkpoints_status_idx').on(t.graphId, t.status),
    index('checkpoints_updated_idx').on(t.graphId, t.updatedAt),
  ],
);

export type CheckpointRow = typeof checkpoints.$inferSelect;

/** Per graph and source node: the modification time up to which every file has succeeded. */
export const watermarks = sqliteTable(
  'watermarks',
  {
    graphId: text('graph_id').notNull(),
    sourceNode: text('source_node').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.graphId, t.sourceNode] })],
);
