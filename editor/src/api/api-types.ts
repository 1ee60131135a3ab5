import type { GraphProblem } from '@sluice/sdk/graph';
// The API's shapes are the SDK's wire contract (@sluice/sdk/wire): one definition for the executor,
// the store, the routes and the editor. The editor never imports runtime code.
import type { GraphRecord, GraphSummary, NodeState, NodeStats, RunIssue, RunLogLine, RunStatus } from '@sluice/sdk/wire';
export type { GraphRecord, GraphSummary, NodeState, NodeStats, RunIssue, RunLogLine, RunStatus };
/** A run as the editor keeps it: the wire's run view read tolerantly by `normalizeRun`. */
export type { RunView } from './normalize-run.ts';

// Shapes of routes the wire contract does not cover yet, as the editor reads them.

export interface PreviewResult {
  format?: string;
  schema: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  metadata?: Record<string, unknown>;
  warnings?: string[];
}

/** A file the graph has processed, as the checkpoint store keeps it (runtime/src/db/checkpoints-table.ts). */
export interface CheckpointRow {
  sourceNode: string;
  key: string;
  size?: number;
  status: string;
  rows?: number | null;
  error?: string | null;
  attempts?: number;
  runId?: string;
  updatedAt?: string;
}

/** Which checkpoint records a reset forgets: all, one source's, one file's, or those with a status. */
export interface CheckpointReset {
  sourceNode?: string;
  key?: string;
  status?: string;
}

/** `GET /api/triggers?graph=<id>`: a graph's triggers as the runtime resolved them. */
export interface TriggerOverview {
  graphId: string;
  webhook: { enabled: boolean; url: string; auth: string; waitForRun: boolean } | null;
  schedule: { enabled: boolean; cron: string; timezone: string; nextAt: string | null } | null;
  poll: { enabled: boolean; everySeconds: number; nextAt: string | null } | null;
  backfill: { enabled: boolean; everySeconds: number; nextAt: string | null } | null;
  problems: string[];
}

export type { GraphProblem };
