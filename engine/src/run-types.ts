import type { AnyNodePlugin, GraphDocument, NodeStore, PluginCatalog, RunAccess, RunDirs, RunKey, SecretResolver, SharedHolds } from '@sluice/sdk';
import type { RunEvent } from '@sluice/sdk/wire';
import type { PluginModuleRef } from './plugins/plugin-module-ref.ts';

export type { NodeState, NodeStats, RunEvent, RunIssue, RunLogLine, RunStatus, RunSummary } from '@sluice/sdk/wire';

export interface RunGraphOptions {
  runId: string;
  graphId: string;
  doc: GraphDocument;
  /** Plugin by type; the graph must already have passed `planGraph`. */
  plugin(type: string): AnyNodePlugin | undefined;
  /** The installed plugins by facet, handed to every node's scope (a PluginRegistry is one). */
  plugins?: PluginCatalog;
  /**
   * Where a type's module was loaded from (a PluginRegistry's `moduleOf`): the nodes of a type with
   * `threads` and a module get `runOnThread`. Absent, or undefined for a type, they get none.
   */
  pluginModule?(type: string): PluginModuleRef | undefined;
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
  /** Holds every process of the store respects (PostgreSQL with several processes), handed to every node's scope. */
  holds?: SharedHolds;
  /** Scratch space of this run (spooled and decompressed files); removed at the end. */
  tempDir: string;
  /** Called often while the run goes; stats events are throttled to a few per second. */
  onEvent?(event: RunEvent): void;
  /** Heard after each transaction that records a batch of settled files (their parts' manifest rows, checkpoints): how many files, how long. */
  onCommit?(files: number, ms: number): void;
  /**
   * Keys added while the run goes (bucket events), for a run started with `params.keys`. The
   * executor hands them to the graph's source when it `readsKeyFeed`, closes the feed once the
   * source has taken every key and every emitted file has settled, and in any case when the source
   * ends (keys it never took fail the run, so that their events are not reported as landed).
   */
  liveKeys?: LiveKeys;
}

/** The run service's side of a run's key feed; every call is synchronous except `arrival` and `closeIfEmpty`. */
export interface LiveKeys {
  /** The keys not taken yet (`[]` when none), with their events' facts; null once closed. */
  take(): RunKey[] | null;
  /** Resolves when keys arrive or the feed closes. */
  arrival(): Promise<void>;
  /**
   * Closes the feed unless keys wait or intake reserved a place for one: the check and the close
   * are one step (in one turn in process; under the store's lock when intake runs elsewhere, which
   * is why it may answer later), so intake never loses a key.
   */
  closeIfEmpty(): boolean | Promise<boolean>;
  /**
   * Closes the feed whatever waits; returns the keys never taken (a feed shared through the store
   * answers once its store side is closed: keys intake added there that never reached the run count
   * too). A second call returns none more.
   */
  close(): RunKey[] | Promise<RunKey[]>;
}
