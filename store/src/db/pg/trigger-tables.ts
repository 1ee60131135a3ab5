import { bigint, index, integer, pgTable, primaryKey, uniqueIndex } from 'drizzle-orm/pg-core';
import type { BucketEventStatus, HookRequestStatus } from '../trigger-tables.ts';
import { moment, said, text } from './pg-columns.ts';

/** The bucket event log (see ../trigger-tables.ts). */
export const bucketEvents = pgTable(
  'bucket_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    requestId: said('request_id').notNull(),
    receivedAt: moment('received_at').notNull(),
    source: said('source'),
    eventName: said('event_name'),
    bucket: said('bucket'),
    key: said('key'),
    size: bigint('size', { mode: 'number' }),
    etag: said('etag'),
    versionId: said('version_id'),
    sequencer: said('sequencer'),
    eventTime: said('event_time'),
    dedupeKey: said('dedupe_key'),
    duplicateOf: bigint('duplicate_of', { mode: 'number' }),
    status: text('status').$type<BucketEventStatus>().notNull(),
    reason: said('reason'),
    httpStatus: integer('http_status').notNull(),
    remote: said('remote'),
    finishedAt: moment('finished_at'),
  },
  (t) => [
    uniqueIndex('bucket_events_dedupe_idx').on(t.dedupeKey),
    index('bucket_events_status_idx').on(t.status, t.id),
    index('bucket_events_bucket_idx').on(t.bucket, t.id),
  ],
);

/** The runs queued for a bucket event (see ../trigger-tables.ts). */
export const bucketEventRuns = pgTable(
  'bucket_event_runs',
  {
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => bucketEvents.id, { onDelete: 'cascade' }),
    graphId: text('graph_id').notNull(),
    runId: text('run_id').notNull(),
    pickedAt: moment('picked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.graphId] }),
    index('bucket_event_runs_graph_idx').on(t.graphId, t.eventId),
    index('bucket_event_runs_run_idx').on(t.runId),
  ],
);

/** Every request to `POST /hooks/<path>` (see ../trigger-tables.ts). */
export const hookRequests = pgTable(
  'hook_requests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    receivedAt: moment('received_at').notNull(),
    path: said('path').notNull(),
    graphId: text('graph_id'),
    status: text('status').$type<HookRequestStatus>().notNull(),
    httpStatus: integer('http_status').notNull(),
    reason: said('reason'),
    runId: text('run_id'),
    signature: text('signature'),
    remote: said('remote'),
  },
  (t) => [uniqueIndex('hook_requests_signature_idx').on(t.signature), index('hook_requests_graph_idx').on(t.graphId, t.id)],
);
