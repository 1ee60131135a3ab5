import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { NodeStats, RunIssue, RunStatus } from '@sluice/sdk/wire';
import { graphs } from './graphs-table.ts';

/** What started a run: `manual` (API, CLI), later `webhook`, `s3-event`, `schedule`, `poll`. */
export type TriggerKind = string;

/**
 * The durable run queue and the run history in one table: a trigger inserts a `queued` row before
 * it answers, a worker claims it by flipping the status in one UPDATE, and the row keeps the summary.
 */
export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    graphId: text('graph_id')
      .notNull()
      .references(() => graphs.id, { onDelete: 'cascade' }),
    status: text('status').$type<RunStatus>().notNull(),
    triggerKind: text('trigger_kind').$type<TriggerKind>().notNull(),
    /** Parameters the trigger gives the run (e.g. the object key of a bucket event). */
    triggerParams: text('trigger_params', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** A trigger's identity of its request (e.g. bucket+key+version): a second delivery finds the first run. */
    dedupeKey: text('dedupe_key'),
    /** The graph revision the run executed (set when claimed). */
    graphRevision: integer('graph_revision'),
    queuedAt: integer('queued_at', { mode: 'timestamp_ms' }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    /** Times the run was claimed; above 1 when a crash put it back in the queue. */
    attempts: integer('attempts').notNull().default(0),
    /** When a cancel was asked for a run another process executes: that process stops it at its next look. */
    cancelRequestedAt: integer('cancel_requested_at', { mode: 'timestamp_ms' }),
    /**
     * A running run whose source takes keys from bucket events as they arrive, opened by the
     * process executing it (PostgreSQL with workers: intake in another process adds keys to it).
     */
    keysOpen: integer('keys_open', { mode: 'boolean' }).notNull().default(false),
    /** Live per-node stats while running, the executor's summary figures when finished. */
    nodes: text('nodes', { mode: 'json' }).$type<Record<string, NodeStats>>(),
    files: text('files', { mode: 'json' }).$type<{ processed: number; skipped: number; failed: number }>(),
    rows: integer('rows'),
    errors: text('errors', { mode: 'json' }).$type<RunIssue[]>().notNull(),
    warnings: text('warnings', { mode: 'json' }).$type<RunIssue[]>().notNull(),
  },
  (t) => [
    index('runs_status_idx').on(t.status, t.queuedAt),
    index('runs_graph_idx').on(t.graphId, t.queuedAt),
    // The claim counts each graph's running runs (per-graph limit) on every pick.
    index('runs_graph_status_idx').on(t.graphId, t.status),
    uniqueIndex('runs_dedupe_idx').on(t.dedupeKey),
  ],
);

export type RunRow = typeof runs.$inferSelect;

/** Structured log lines of a run, numbered per run so that readers can page and resume (`seq`). */
export const runLogs = sqliteTable(
  'run_logs',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    level: text('level').$type<'debug' | 'info' | 'warn' | 'error'>().notNull(),
    node: text('node'),
    file: text('file'),
    message: text('message').notNull(),
    fields: text('fields', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export type RunLogRow = typeof runLogs.$inferSelect;
