import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * What became of a bucket event (storage format: add, never rename):
 * - `received`: written, runs queued for it, not finished yet;
 * - `processed`: every run queued for it succeeded;
 * - `ignored`: nothing to run, with the reason (no graph watches it, not a creation, a repeated delivery);
 * - `failed`: a run queued for it failed, with the error;
 * - `rejected`: the request was refused (unauthenticated, malformed, too big), with the reason.
 */
export const BUCKET_EVENT_STATUSES = ['received', 'processed', 'ignored', 'failed', 'rejected'] as const;
export type BucketEventStatus = (typeof BUCKET_EVENT_STATUSES)[number];

/**
 * The bucket event log: one row per object event, written before the request is answered, and one
 * per refused request. `dedupeKey` (bucket, key, version identity) is unique, so a repeated
 * delivery of the same object version finds the first row and starts nothing; it is logged with a
 * null key and `duplicateOf`.
 */
export const bucketEvents = sqliteTable(
  'bucket_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Shared by the events of one request. */
    requestId: text('request_id').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    /** `minio`, `aws`, `ceph`; null for a refused request. */
    source: text('source'),
    eventName: text('event_name'),
    bucket: text('bucket'),
    key: text('key'),
    size: integer('size'),
    etag: text('etag'),
    versionId: text('version_id'),
    sequencer: text('sequencer'),
    eventTime: text('event_time'),
    dedupeKey: text('dedupe_key'),
    duplicateOf: integer('duplicate_of'),
    status: text('status').$type<BucketEventStatus>().notNull(),
    /** Why it was ignored or rejected, or the error it failed with. */
    reason: text('reason'),
    /** The HTTP status the request was answered with. */
    httpStatus: integer('http_status').notNull(),
    remote: text('remote'),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('bucket_events_dedupe_idx').on(t.dedupeKey),
    index('bucket_events_status_idx').on(t.status, t.id),
    index('bucket_events_bucket_idx').on(t.bucket, t.id),
  ],
);

export type BucketEventRow = typeof bucketEvents.$inferSelect;

/** The runs queued for a bucket event, one per matching graph; several events can share a run (batching). */
export const bucketEventRuns = sqliteTable(
  'bucket_event_runs',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => bucketEvents.id, { onDelete: 'cascade' }),
    graphId: text('graph_id').notNull(),
    /** No foreign key: the log outlives deleted graphs and pruned runs. */
    runId: text('run_id').notNull(),
    /**
     * When the run's source took the object from the run's live key feed (the event arrived while
     * the run went): the moment its file was picked up. Null when the key was in the run's params
     * from its start (picked up when the run started).
     */
    pickedAt: integer('picked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.graphId] }),
    index('bucket_event_runs_graph_idx').on(t.graphId, t.eventId),
    index('bucket_event_runs_run_idx').on(t.runId),
  ],
);

export type BucketEventRunRow = typeof bucketEventRuns.$inferSelect;

export const HOOK_REQUEST_STATUSES = ['accepted', 'rejected'] as const;
export type HookRequestStatus = (typeof HOOK_REQUEST_STATUSES)[number];

/**
 * Every request to `POST /hooks/<path>`, written before it is answered. An accepted HMAC-signed
 * request keeps its signature, unique: the same signature again within the tolerance window is a
 * replay (the index makes that check hold across restarts and concurrent requests).
 */
export const hookRequests = sqliteTable(
  'hook_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    path: text('path').notNull(),
    graphId: text('graph_id'),
    status: text('status').$type<HookRequestStatus>().notNull(),
    httpStatus: integer('http_status').notNull(),
    reason: text('reason'),
    runId: text('run_id'),
    signature: text('signature'),
    remote: text('remote'),
  },
  (t) => [uniqueIndex('hook_requests_signature_idx').on(t.signature), index('hook_requests_graph_idx').on(t.graphId, t.id)],
);

export type HookRequestRow = typeof hookRequests.$inferSelect;
