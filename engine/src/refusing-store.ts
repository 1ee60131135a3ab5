import type { CheckpointWriter, NodeStore, PartWriter, StoreTx } from '@sluice/sdk';

/**
 * The store of a run that must write nothing (a preview, a listing): reads go to `store`, and every
 * write fails with an error that says why, so a checkpoint, a watermark or a Bronze part cannot be
 * recorded by a run that only looked at files. `transaction` opens no real transaction: there is
 * nothing to commit.
 */
export function refusingStore(store: NodeStore, why: string): NodeStore {
  const refuse = (what: string) => async () => {
    throw new Error(`${what} refused: ${why}`);
  };
  const checkpoints: CheckpointWriter = {
    get: (sourceNode, key) => store.checkpoints.get(sourceNode, key),
    getMany: (sourceNode, keys) => store.checkpoints.getMany(sourceNode, keys),
    getWatermark: (sourceNode) => store.checkpoints.getWatermark(sourceNode),
    put: refuse('recording a checkpoint'),
    setWatermark: refuse('moving a watermark'),
    prune: refuse('pruning checkpoints'),
  };
  const parts: PartWriter = {
    partsOf: (table, sourceNode, sourceKey) => store.parts.partsOf(table, sourceNode, sourceKey),
    partsOfFiles: (table, files) => store.parts.partsOfFiles(table, files),
    list: (table) => store.parts.list(table),
    filesIn: (table, path) => store.parts.filesIn(table, path),
    paths: (table) => store.parts.paths(table),
    schemaVersions: (table) => store.parts.schemaVersions(table),
    add: refuse('recording a Bronze part'),
    addMany: refuse('recording a Bronze part'),
    remove: refuse('removing a Bronze part'),
    addSchemaVersion: refuse('recording a schema version'),
    holdTable: refuse('holding a Bronze table'),
  };
  const tx: StoreTx = { checkpoints, parts };
  return { graphId: store.graphId, checkpoints, parts, transaction: async (fn) => fn(tx) };
}
