import type { GraphDocument, GraphProblem } from '@sluice/sdk/graph';
// The run contract is the SDK's wire contract (@sluice/sdk/wire): one definition for the executor,
// the store, the routes and the editor.
import type { NodeState, NodeStats, RunIssue, RunLogLine, RunStatus } from '@sluice/sdk/wire';
export type { NodeState, NodeStats, RunIssue, RunLogLine, RunStatus };


// Shapes of the runtime's API as the editor reads them; the editor never imports runtime code.

export interface GraphRecord {
  id: string;
  name: string;
  document: GraphDocument;
  createdAt: string;
  updatedAt: string;
  revision?: number;
}

export type GraphSummary = Omit<GraphRecord, 'document'> & { document?: GraphDocument };

/** A run as the editor keeps it: whatever the runtime sent, normalised by `normalizeRun`. */
export interface RunView {
  id: string;
  graphId?: string;
  status: RunStatus;
  startedAt?: string;
  finishedAt?: string;
  files?: { processed: number; skipped: number; failed: number };
  rows?: number;
  nodes: Record<string, NodeStats>;
  errors: RunIssue[];
  warnings: RunIssue[];
  trigger?: string;
}

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
