import type { NodeStore, StoreTx } from '@sluice/sdk';
import type { BronzePartRepository } from './bronze-part-repository.ts';
import type { CheckpointRepository } from './checkpoint-repository.ts';

/** What a node store is made of: the two repositories nodes write, and the store's transaction. */
export interface NodeStoreParts {
  checkpoints: CheckpointRepository;
  parts: BronzePartRepository;
  transaction<T>(fn: () => Promise<T> | T): Promise<T>;
  inTransaction(): boolean;
}

export interface NodeStoreOptions {
  /**
   * Called first inside every write transaction of the nodes; throws when the run may no longer
   * commit (`RunRepository.fence`: another worker took it over), so that nothing of it commits.
   */
  fence?: () => Promise<void>;
}

/**
 * The store as a node sees it, scoped to one graph: the sdk's NodeStore over the checkpoint and
 * Bronze part repositories, which own those tables. Reads run on their own; writes only through
 * `transaction`, which the executor opens when a file settles, so that a part and its file's
 * checkpoint commit together or not at all.
 */
export function createNodeStore(store: NodeStoreParts, graphId: string, options: NodeStoreOptions = {}): NodeStore {
  const { fence } = options;
  const cp = store.checkpoints.forGraph(graphId);
  const parts = store.parts;
  const tx: StoreTx = { checkpoints: cp, parts };
  return {
    graphId,
    checkpoints: { get: cp.get, getMany: cp.getMany, getWatermark: cp.getWatermark },
    parts: {
      partsOf: (table, sourceNode, sourceKey) => parts.partsOf(table, sourceNode, sourceKey),
      partsOfFiles: (table, files) => parts.partsOfFiles(table, files),
      list: (table) => parts.list(table),
      filesIn: (table, path) => parts.filesIn(table, path),
      paths: (table) => parts.paths(table),
      schemaVersions: (table) => parts.schemaVersions(table),
    },
    transaction: <T>(fn: (tx: StoreTx) => Promise<T> | T): Promise<T> => {
      // A nested call (a file's savepoint in its batch's transaction) is covered by the outer one's fence.
      const nested = store.inTransaction();
      const open = (body: () => Promise<T> | T) =>
        store.transaction(async () => {
          // First in the transaction: a run another worker took over commits nothing, and while this
          // commit goes the takeover waits (the fence holds the run's row).
          if (fence && !nested) await fence();
          return body();
        });
      return cp.level ? cp.level(open, () => fn(tx)) : open(() => fn(tx));
    },
  };
}
