import type { CheckpointStatus } from '@sluice/sdk';
import { bigint, index, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { moment, text } from './pg-columns.ts';

/** One record per file per graph and source node (see ../checkpoints-table.ts). */
export const checkpoints = pgTable(
  'checkpoints',
  {
    graphId: text('graph_id').notNull(),
    sourceNode: text('source_node').notNull(),
    key: text('key').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    modifiedAt: moment('modified_at'),
    etag: text('etag'),
    versionId: text('version_id'),
    fingerprint: text('fingerprint').notNull(),
    contentHash: text('content_hash'),
    rows: bigint('rows', { mode: 'number' }),
    status: text('status').$type<CheckpointStatus>().notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    runId: text('run_id').notNull(),
    firstSeenAt: moment('first_seen_at').notNull(),
    updatedAt: moment('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.graphId, t.sourceNode, t.key] }),
    index('checkpoints_status_idx').on(t.graphId, t.status),
    index('checkpoints_updated_idx').on(t.graphId, t.updatedAt),
  ],
);

/** Per graph and source node: the modification time up to which every file has succeeded. */
export const watermarks = pgTable(
  'watermarks',
  {
    graphId: text('graph_id').notNull(),
    sourceNode: text('source_node').notNull(),
    at: moment('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.graphId, t.sourceNode] })],
);
