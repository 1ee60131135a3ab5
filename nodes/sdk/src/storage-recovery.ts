import type { Logger, RunAccess, RunDirs, SecretResolver } from './node-context.ts';
import type { SharedHolds } from './shared-holds.ts';
import type { PartReader } from './store-access.ts';

/**
 * "Brings its storage back in line with the store at the runtime's start": a sink whose files can
 * outlive a crash (parts written but never committed, committed parts whose last step was cut
 * short) declares it, and the runtime calls it for every such plugin once at start, without naming
 * the plugin: in the background once the server listens, so runs may go on meanwhile. It must keep
 * out of their way (bronze-sink works on a table only under the table's writer lock, which runs
 * take too) and stop between its steps when `signal` aborts (the server is stopping).
 */
export interface StorageRecoveryFacet {
  recover(ctx: StorageRecoveryContext): Promise<void>;
}

/** The store's Bronze manifests as start-up recovery reads them: every table it knows, and each one's parts. */
export interface RecoveryStore {
  /** Every table the store holds parts or schema versions of (`file:///…`, `s3://…`), in order. */
  tables(): Promise<string[]>;
  parts: PartReader;
}

export interface StorageRecoveryContext {
  store: RecoveryStore;
  /**
   * The configs of this plugin's nodes in the runtime's stored graphs, as stored (not checked: a
   * graph may be saved half-done). What the store does not keep comes from them, e.g. the endpoint
   * and credential names of an S3 table.
   */
  configs: unknown[];
  dirs: RunDirs;
  /** The runtime's trust boundary, as runs get it: recovery touches nothing outside it. */
  access: RunAccess;
  secrets: SecretResolver;
  /** A table it cannot reach (storage down, outside the roots) is a warning here, never a failed start. */
  log: Logger;
  signal?: AbortSignal;
  /** Holds shared with the runs of every process of the store, where several may write (see SharedHolds). */
  holds?: SharedHolds;
}
