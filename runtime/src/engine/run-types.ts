import type { AnyNodePlugin, GraphDocument, NodeStore, RunAccess, RunDirs, SecretResolver } from '@sluice/sdk';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type NodeState = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** Live figures of one node in one run; what the canvas shows on each node. */
export interface NodeStats {
  state: NodeState;
  filesIn: number;
  filesOut: number;
  filesSkipped: number;
  filesFailed: number;
  rowsIn: number;
  rowsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Items waiting in the node's input queue. */
  queued: number;
  progress?: { done: number; total?: number; unit?: string };
  errors: number;
  warnings: number;
}

export interface RunIssue {
  at: string;
  node?: string;
  /** The source file's URI, when the issue is about one file. */
  file?: string;
  message: string;
}

export interface RunLogLine {
  at: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  node?: string;
  file?: string;
  message: string;
  fields?: Record<string, unknown>;
}

export interface RunSummary {
  status: Exclude<RunStatus, 'queued' | 'running'>;
  startedAt: string;
  finishedAt: string;
  files: { processed: number; skipped: number; failed: number };
  rows: number;
  nodes: Record<string, NodeStats>;
  errors: RunIssue[];
  warnings: RunIssue[];
}

/** What the executor reports while a run goes (to the store, to SSE listeners). */
export type RunEvent =
  | { type: 'stats'; nodes: Record<string, NodeStats> }
  | { type: 'log'; line: RunLogLine }
  | { type: 'error'; issue: RunIssue }
  | { type: 'warning'; issue: RunIssue }
  | { type: 'file'; node: string; key: string; uri: string; status: 'processed' | 'skipped' | 'failed' | 'cancelled'; rows: number; error?: string };

export interface RunGraphOptions {
  runId: string;
  graphId: string;
  doc: GraphDocument;
  /** Plugin by type; the graph must already have passed `planGraph`. */
  plugin(type: string): AnyNodePlugin | undefined;
  store: NodeStore;
  secrets: SecretResolver;
  params?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Where relative paths in configs resolve (inputs against `graph`, outputs against `data`). */
  dirs?: RunDirs;
  /**
   * What the run may read, write and call (the runtime's settings, never the graph's): handed to
   * every node's scope. Absent: nodes that touch files or endpoints refuse to run.
   */
  access?: RunAccess;
  /** Scratch space of this run (spooled and decompressed files); removed at the end. */
  tempDir: string;
  /** Called often while the run goes; stats events are throttled to a few per second. */
  onEvent?(event: RunEvent): void;
  /**
   * Keys added while the run goes (bucket events), for a run started with `params.keys`. The
   * executor hands them to the graph's source when it `readsKeyFeed`, closes the feed once the
   * source has taken every key and every emitted file has settled, and in any case when the source
   * ends (keys it never took fail the run, so that their events are not reported as landed).
   */
  liveKeys?: LiveKeys;
}

/** The run service's side of a run's key feed; every call is synchronous except `arrival`. */
export interface LiveKeys {
  /** The keys not taken yet (`[]` when none); null once closed. */
  take(): string[] | null;
  /** Resolves when keys arrive or the feed closes. */
  arrival(): Promise<void>;
  /** Closes the feed unless keys wait: in the same turn as the check, so intake never loses a key. */
  closeIfEmpty(): boolean;
  /** Closes the feed whatever waits; returns the keys never taken. */
  close(): string[];
}
