import { errorMessage, type Logger, type PluginCatalog, type RunAccess, type SharedHolds } from '@sluice/sdk';
import { secretResolver, type Store } from '@sluice/store';

export interface RecoverStorageOptions {
  /** The installed plugins: those declaring `recoversStorage` are asked, by facet, never by type. */
  plugins: PluginCatalog;
  store: Store;
  access: RunAccess;
  log: Logger;
  signal?: AbortSignal;
  /** Holds shared with the runs of every process of the store (PostgreSQL with several processes). */
  holds?: SharedHolds;
}

/**
 * The runtime's start-up recovery: each plugin that declares `recoversStorage` brings the storage it
 * wrote back in line with the store (a sink removes the parts of runs that crashed before their
 * commit, and finishes the last step of those that crashed after it). `sluice serve` runs it in the
 * background once it listens, so runs may go on meanwhile: a plugin keeps out of their way (the
 * sink recovers a table under its writer lock, which a run of that table waits for). It is
 * given the store's manifests, the configs of its nodes in the stored graphs (where an S3 table's
 * endpoint and credential names live) and the run's trust boundary. A plugin whose recovery throws is
 * a warning, never a failed start: the next run of each table cleans it too.
 */
export async function recoverStorage(o: RecoverStorageOptions): Promise<void> {
  const recovering = o.plugins.withFacet('recoversStorage');
  if (!recovering.length) return;
  const documents = await o.store.graphs.documents();
  const parts = o.store.bronzeParts;
  const store = {
    tables: () => parts.tables(),
    parts: {
      partsOf: (table: string, sourceNode: string, sourceKey: string) => parts.partsOf(table, sourceNode, sourceKey),
      partsOfFiles: (table: string, files: readonly { sourceNode: string; key: string }[]) => parts.partsOfFiles(table, files),
      list: (table: string) => parts.list(table),
      filesIn: (table: string, path: string) => parts.filesIn(table, path),
      paths: (table: string) => parts.paths(table),
      schemaVersions: (table: string) => parts.schemaVersions(table),
    },
  };
  for (const plugin of recovering) {
    if (o.signal?.aborted) return;
    const configs = documents.flatMap((d) => Object.values(d.document.nodes ?? {}).flatMap((n) => (n.type === plugin.type ? [n.config] : [])));
    try {
      await plugin.recoversStorage.recover({
        store,
        configs,
        dirs: { data: o.store.dataDir, graph: o.store.dataDir },
        access: o.access,
        secrets: secretResolver(o.store.credentials),
        log: o.log,
        signal: o.signal,
        ...(o.holds ? { holds: o.holds } : {}),
      });
    } catch (err) {
      o.log.warn(`${plugin.type}: start-up recovery failed: ${errorMessage(err)}`);
    }
  }
}
