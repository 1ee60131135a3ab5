import type { RunKey } from './key-facts.ts';
import type { SharedHolds } from './shared-holds.ts';
import type { PluginCatalog } from './plugin-catalog.ts';
import type { PortItem } from './port-items.ts';
import type { RunOnThreadOptions } from './plugin-threads.ts';
import type { SourceFile } from './source-file.ts';
import type { NodeStore, StoreTx } from './store-access.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Structured logs; the executor stamps each line with run, node and file. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Counters a node adds to; files in and out are counted by the executor itself. */
export interface NodeMetrics {
  rowsIn?: number;
  rowsOut?: number;
  bytesIn?: number;
  bytesOut?: number;
}

/**
 * Resolves credentials by name: from the runtime's credential store, then only from the environment
 * variable `SLUICE_CREDENTIAL_<NAME>` (credentialEnvName), never another variable. Names the runtime
 * keeps for itself (trigger tokens, webhook secrets) resolve to nothing.
 */
export interface SecretResolver {
  get(name: string): Promise<string | undefined>;
}

/** How a file ended, given to settle handlers once every node has finished with it. */
export interface FileOutcome {
  status: 'processed' | 'skipped' | 'failed' | 'cancelled';
  /** For `failed`: the first error, naming the node and cause. */
  error?: string;
  /** For `skipped`: why. */
  reason?: string;
  /** Rows landed by sinks. */
  rows: number;
  landings: Landing[];
}

/**
 * A sink's durable write of one file's rows, not yet visible: the part is written (temporary name,
 * then rename, synced), and `commit` records it in the table manifest inside the settle transaction,
 * together with the file's checkpoint. If the file fails elsewhere, `abort` removes the part.
 */
export interface Landing {
  node: string;
  table: string;
  rows: number;
  bytes: number;
  commit(tx: StoreTx): Promise<void>;
  /**
   * After the transaction committed: publishes the landing (a part takes its final name, the parts
   * it replaced go). Should it fail, the landing stays committed but unpublished, and the sink
   * publishes it at the runtime's next start (`recoversStorage`) or the table's next run.
   */
  afterCommit?(): Promise<void>;
  abort(): Promise<void>;
  /**
   * Set when this file's rows share a write with other files' (one part holding a batch): the
   * group commits, publishes or aborts once for all of them, and only when every one of its files
   * settled processed; should one fail, none of them commits. The landing's own `commit` records
   * this file's share (its manifest row) in the same savepoint.
   */
  group?: LandingGroup;
}

/** The write several files' landings share (see `Landing.group`). */
export interface LandingGroup {
  /** How many files' landings belong to it: it settles once all of them have. */
  readonly files: number;
  /** Runs once, before its files' own `commit`s, in the same savepoint. */
  commit(tx: StoreTx): Promise<void>;
  afterCommit?(): Promise<void>;
  abort(): Promise<void>;
}

export interface SettleHandler {
  /**
   * Inside the store transaction: it must not do I/O other than through `tx`, and awaits each of
   * its `tx` calls (the transaction commits when the returned promise resolves). It may be called
   * more than once for one file, each call in a transaction (or savepoint) that was rolled back
   * before the next: when the commit fails, or when the file settled in a group whose savepoint
   * rolled back. Write through `tx` only, so that a rolled-back call leaves nothing.
   */
  (outcome: FileOutcome, tx: StoreTx): Promise<void> | void;
}

export interface EmitOptions {
  onSettled?: SettleHandler;
}

/** What a node run is handed, once per run (for open/close) and per item (for run). */
export interface RunScope<S = unknown> {
  runId: string;
  graphId: string;
  nodeId: string;
  /**
   * Parameters given by the trigger: e.g. `{ keys: ['incoming/a.csv'] }` from a bucket event, with
   * `keyFacts` (key -> KeyFacts, in memory only) for the keys whose events named a version.
   */
  params: Readonly<Record<string, unknown>>;
  signal: AbortSignal;
  log: Logger;
  store: NodeStore;
  secrets: SecretResolver;
  /** The value returned by the plugin's `open`. */
  state: S;
  metrics(add: NodeMetrics): void;
  /** Progress for long work, shown on the canvas: `done` of `total` in `unit`. */
  progress(p: { done: number; total?: number; unit?: string }): void;
  /** A warning that does not fail the file (shown in the run, with the file when given). */
  warn(message: string, file?: SourceFile): void;
  /** Folders that relative paths in configs resolve against. Absent: both are the process's cwd. */
  dirs?: RunDirs;
  /**
   * What this run may touch outside the store, decided by the runtime from its settings, never by
   * a graph: the folders it may read and write, and the private endpoints it may call. A node
   * checks every path and endpoint it is configured with against it.
   */
  access?: RunAccess;
  /**
   * More keys for a run started for explicit keys (`params.keys`): objects whose events arrived
   * while the run was going, handed to it instead of waiting for the next run (like a streaming
   * Auto Loader run absorbing new files). Given only to the source of a graph with one source,
   * and only when its plugin sets `readsKeyFeed`; such a source must take from it until `null`.
   */
  keyFeed?: KeyFeed;
  /**
   * The installed plugins, found by facet (`plugins.withFacet('detect')`): how a node reaches other
   * plugins without importing them. Given by the executor; absent in a hand-made scope.
   */
  plugins?: PluginCatalog;
  /**
   * Runs `plugin.threads[name](payload)` of this node's own plugin on a worker thread of the
   * runtime's pool and resolves to its result (both passed by structured clone); an error thrown
   * there rejects with an Error of the same message. The run's signal and `options.signal` cancel it,
   * queued or running. Absent in a hand-made scope and for plugins given as values rather than
   * discovered from a package (they have no module a thread could import): call the function itself.
   */
  runOnThread?<T = unknown>(name: string, payload: unknown, options?: RunOnThreadOptions): Promise<T>;
  /**
   * Exclusive holds every process of the runtime respects (a PostgreSQL store shared by several
   * processes): what a node takes instead of a lock of its own machine for storage that another
   * process may write. Absent where one process serves the store.
   */
  holds?: SharedHolds;
}

/**
 * Keys added to a running run. `next` waits until keys arrive and returns them (each key at most
 * once per run), or returns `null` when the feed is closed: the runtime closes it only when the
 * source has taken every key and every file the run emitted has settled, so a key arriving later
 * goes to another run. It rejects with the signal's reason when the run is cancelled. A key comes
 * with its event's facts (size, ETag, version id) when the event gave them.
 */
export interface KeyFeed {
  next(signal: AbortSignal): Promise<RunKey[] | null>;
}

/**
 * Where relative paths in node configs point. Inputs resolve against `graph` so that
 * `sluice run examples/x/graph.json` reads `examples/x/input`; outputs resolve against `data` so that
 * a run never writes into the folder of the graph it came from.
 */
export interface RunDirs {
  /** The runtime's data folder (`--data`, SLUICE_DATA_DIR): relative outputs such as a Bronze root. */
  data: string;
  /** The folder of the graph file for `sluice run <graph.json>`; the data folder for a stored graph. */
  graph: string;
}

/** Per input item: the scope plus what is tied to the file being processed. */
export interface NodeContext<S = unknown> extends RunScope<S> {
  /**
   * Sends an item out of a port; waits while the next node's queue is full (backpressure).
   * A source's emit starts a new file; `onSettled` then joins that file's settle transaction (a
   * source uses it to advance its watermark only past files that succeeded).
   */
  emit(port: string, item: PortItem, options?: EmitOptions): Promise<void>;
  /** Marks this file as deliberately not carried on (e.g. already processed), with the reason. */
  skip(reason: string): void;
  /** A path in this file's temporary folder, removed when the file settles. */
  tempPath(name: string): Promise<string>;
  /** Registers a handler run in the settle transaction of this file (checkpoints use it). */
  onSettled(handler: SettleHandler): void;
  /** Records a sink's durable but uncommitted write of this file's rows. */
  land(landing: Landing): void;
}

/**
 * The trust boundary of a run (SECURITY.md). Paths are absolute; a check compares real paths
 * (symbolic links resolved), so neither `..` nor a link leads out of a root.
 */
export interface RunAccess {
  /** Folders local sources, previews and listings may read (SLUICE_ALLOWED_ROOTS). */
  inputRoots: readonly string[];
  /** Folders Bronze roots and uploads may write (SLUICE_OUTPUT_ROOTS). */
  outputRoots: readonly string[];
  /**
   * Endpoints (origins such as `http://127.0.0.1:7480`) that may be called although they resolve
   * to a loopback, private, link-local or metadata address (SLUICE_ALLOWED_ENDPOINTS); every other
   * such address is refused.
   */
  allowedEndpoints: readonly string[];
}
