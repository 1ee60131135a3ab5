import type { NodeStats, RunIssue, RunStatus } from '@sluice/sdk/wire';
import { bigint, boolean, index, integer, json, pgTable, primaryKey, uniqueIndex } from 'drizzle-orm/pg-core';
import type { TriggerKind } from '../runs-table.ts';
import { graphs } from './graphs-table.ts';
import { moment, said, text } from './pg-columns.ts';

/** The run queue and history (see ../runs-table.ts). */
export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    graphId: text('graph_id')
      .notNull()
      .references(() => graphs.id, { onDelete: 'cascade' }),
    status: text('status').$type<RunStatus>().notNull(),
    triggerKind: text('trigger_kind').$type<TriggerKind>().notNull(),
    triggerParams: json('trigger_params').$type<Record<string, unknown>>().notNull(),
    dedupeKey: text('dedupe_key'),
    graphRevision: integer('graph_revision'),
    queuedAt: moment('queued_at').notNull(),
    startedAt: moment('started_at'),
    finishedAt: moment('finished_at'),
    attempts: integer('attempts').notNull().default(0),
    cancelRequestedAt: moment('cancel_requested_at'),
    keysOpen: boolean('keys_open').notNull().default(false),
    nodes: json('nodes').$type<Record<string, NodeStats>>(),
    files: json('files').$type<{ processed: number; skipped: number; failed: number }>(),
    rows: bigint('rows', { mode: 'number' }),
    errors: json('errors').$type<RunIssue[]>().notNull(),
    warnings: json('warnings').$type<RunIssue[]>().notNull(),
  },
  (t) => [
    index('runs_status_idx').on(t.status, t.queuedAt),
    index('runs_graph_idx').on(t.graphId, t.queuedAt),
    index('runs_graph_status_idx').on(t.graphId, t.status),
    uniqueIndex('runs_dedupe_idx').on(t.dedupeKey),
  ],
);

/** Structured log lines of a run, numbered per run (see ../runs-table.ts). */
export const runLogs = pgTable(
  'run_logs',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    at: moment('at').notNull(),
    level: text('level').$type<'debug' | 'info' | 'warn' | 'error'>().notNull(),
    node: said('node'),
    file: said('file'),
    message: said('message').notNull(),
    fields: json('fields').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);
