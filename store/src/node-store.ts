import type { BronzePart, NodeStore, PartWriter, StoreTx } from '@sluice/sdk';
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
  const parts = graphParts(store.parts, graphId);
  const tx: StoreTx = { checkpoints: cp, parts };
  return {
    graphId,
    checkpoints: { get: cp.get, getMany: cp.getMany, getWatermark: cp.getWatermark },
    parts: {
      partsOf: parts.partsOf,
      partsOfFiles: parts.partsOfFiles,
      list: parts.list,
      filesIn: parts.filesIn,
      paths: parts.paths,
      schemaVersions: parts.schemaVersions,
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

/**
 * The Bronze manifests as one graph's nodes see them. A table may be written by several graphs,
 * whose source nodes may share ids and whose files may share keys (two graphs reading two buckets
 * with the same layout): a file is the graph's own, so the parts that hold "its" rows are only
 * those its graph landed, and a run replacing a changed file never takes another graph's rows of a
 * file of the same name. A table's parts, paths and schema versions are the whole table's.
 */
function graphParts(parts: BronzePartRepository, graphId: string): PartWriter {
  const ours = (found: BronzePart[]) => found.filter((p) => p.graphId === graphId);
  const own = (part: BronzePart) => {
    if (part.graphId !== graphId) throw new Error(`a part of graph ${part.graphId} cannot be recorded by graph ${graphId}`);
    return part;
  };
  return {
    partsOf: async (table, sourceNode, sourceKey) => ours(await parts.partsOf(table, sourceNode, sourceKey)),
    partsOfFiles: async (table, files) => (await parts.partsOfFiles(table, files)).map(ours),
    list: (table) => parts.list(table),
    filesIn: (table, path) => parts.filesIn(table, path),
    paths: (table) => parts.paths(table),
    schemaVersions: (table) => parts.schemaVersions(table),
    add: (part) => parts.add(own(part)),
    addMany: (many) => parts.addMany(many.map(own)),
    remove: (table, path) => parts.remove(table, path),
    addSchemaVersion: (v) => parts.addSchemaVersion(v),
    holdTable: (table) => parts.holdTable(table),
  };
}
