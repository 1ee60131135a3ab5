import { definePlugin, errorMessage, FileError, type BronzePart } from '@sluice/sdk';
import { bronzeSinkConfig } from './bronze-sink-config.ts';
import { isSinkColumn, partColumnsOf, rescueProblem, withAuditColumns, withRescuedData } from './bronze-columns.ts';
import { type Columns, frameColumns } from './frame-columns.ts';
import { syncManifestSnapshot } from './manifest-snapshot.ts';
import { openStorage } from './open-storage.ts';
import { partPath } from './part-name.ts';
import type { PartStorage } from './part-storage.ts';
import { reconcileTable, tablePartsOf } from './reconcile-table.ts';
import { recoverTables } from './recover-tables.ts';
import { landedSample } from './landed-sample.ts';
import { planSchema, versionFor } from './schema-plan.ts';
import { lockTable, type TableLock } from './table-lock.ts';
import { NewTableClaim } from './new-table-claim.ts';
import { pendingPath } from './sink-file-names.ts';
import { writePart } from './write-part.ts';

interface SinkState {
  storage: PartStorage;
  lock: TableLock;
  /** Tables landed per source file in this run, while the file is in flight (for part names). */
  inFlight: Map<string, number>;
  /** The digest of the manifest snapshot in storage: it is written again only when it changes. */
  snapshotDigest: string | undefined;
  /** Rescue mode: the first version of a new table, claimed by the first file planned in the run. */
  claim: NewTableClaim;
  /** Whether a file of this run reached the commit of its part: only then can the manifest have changed. */
  committing: boolean;
}

const dataColumns = (c: Columns): Columns => Object.fromEntries(Object.entries(c).filter(([k]) => !isSinkColumn(k)));

export default definePlugin({
  type: 'bronze-sink',
  version: 1,
  category: 'sink',
  title: 'Bronze table',
  description:
    "Lands each file's rows as one zstd Parquet part of a Bronze table, with audit columns; a file processed again replaces its rows instead of duplicating them.",
  icon: 'database',
  config: bronzeSinkConfig,
  inputs: { table: { kind: 'table', title: 'Rows' } },
  outputs: {},
  concurrency: (config) => config.concurrency,
  recoversStorage: recoverTables,
  readsBack: landedSample,

  async open(config, scope): Promise<SinkState> {
    const startedAt = new Date();
    const { storage, lockPath } = await openStorage(config, scope);
    let lock: TableLock | undefined;
    try {
      lock = await lockTable(lockPath, scope.runId, { waitMs: 60_000, signal: scope.signal });
      // What a crash left (committed parts still pending, uncommitted ones, a stale snapshot) is
      // set right before this run writes; the runtime's start does the same for every table.
      const snapshotDigest = await reconcileTable(storage, scope.store.parts, startedAt, scope.log);
      return { storage, lock, inFlight: new Map(), snapshotDigest, claim: new NewTableClaim(), committing: false };
    } catch (err) {
      await lock?.release();
      await storage.close();
      throw err;
    }
  },

  async run(config, input, ctx) {
    const item = input!.item;
    if (item.kind !== 'table') throw new Error(`bronze-sink takes tables, got a ${item.kind}`);
    const { storage, inFlight, claim } = ctx.state;
    const origin = item.origin;
    const table = storage.tableUri;
    const ingestedAt = new Date();

    const allColumns = await frameColumns(item.frame).catch((err: unknown) => {
      throw new FileError(origin.uri, `could not read its columns: ${errorMessage(err)}`, { cause: err });
    });
    const fileColumns = dataColumns(allColumns);
    const latest = ctx.store.parts.schemaVersions(table).at(-1)?.columns;
    const against = claim.planAgainst(config.schemaMode, latest);
    const plan = planSchema(config.schemaMode, against && dataColumns(against), fileColumns);
    if (!plan.ok) throw new FileError(origin.uri, plan.reason);
    const unrescuable = rescueProblem(plan.rescued, fileColumns);
    if (unrescuable) throw new FileError(origin.uri, unrescuable);
    if (plan.rescued.length) ctx.warn(`${origin.uri}: columns kept in _rescued_data: ${plan.rescued.join(', ')}`, origin);

    let frame = config.schemaMode === 'rescue' ? withRescuedData(item.frame, plan.rescued, fileColumns) : item.frame;
    frame = withAuditColumns(frame, origin, ctx.runId, ingestedAt);
    // Literal columns on a frame without columns make one row out of none (polars broadcasts them):
    // a file without columns has no rows.
    if (!Object.keys(allColumns).length) frame = frame.limit(0);
    const partColumns = partColumnsOf(allColumns, config.schemaMode === 'rescue' ? plan.rescued : undefined);
    claim.claim(config.schemaMode, latest, partColumns, Object.keys(fileColumns).length > 0);

    const fileId = `${origin.sourceNode}\0${origin.key}`;
    const index = inFlight.get(fileId) ?? 0;
    inFlight.set(fileId, index + 1);
    if (index === 0) ctx.onSettled(() => void inFlight.delete(fileId));
    const live = new Set(ctx.store.parts.partsOf(table, origin.sourceNode, origin.key).map((p) => p.path));
    const path = partPath({ ...origin, ingestedAt, index, runId: ctx.runId, taken: live });

    let written: { rows: number; bytes: number };
    try {
      written = await writePart(storage, frame, path);
    } catch (err) {
      throw new FileError(origin.uri, `could not write Bronze part ${path} of table ${config.table}: ${errorMessage(err)}`, { cause: err });
    }
    ctx.metrics({ rowsIn: written.rows });

    let replaced: string[] = [];
    const state = ctx.state;
    ctx.land({
      node: ctx.nodeId,
      table,
      rows: written.rows,
      bytes: written.bytes,
      commit(tx) {
        state.committing = true;
        const latest = tx.parts.schemaVersions(table).at(-1);
        // Checked again inside the transaction: in strict and evolve modes another file of this run
        // may have changed the table's schema since this one was planned (recorded a new table's
        // first version, or added a column this file has with another type). Throwing fails this
        // file (its part is removed) and it is retried next run against the new schema. Rescue mode
        // does not fail here: every file of a run is planned against the same version (the claim of
        // a new table's first one, NewTableClaim), and rescue parts never add columns to a version.
        const again = planSchema(config.schemaMode, latest && dataColumns(latest.columns), dataColumns(partColumns));
        if (!again.ok || again.rescued.length) {
          // The executor prefixes the file: `<uri>: could not commit: ...`.
          throw new Error(
            `the table's schema changed while the file was written: ${again.ok ? `columns ${again.rescued.join(', ')} no longer fit` : again.reason}`,
          );
        }
        const v = versionFor(latest, claim.versionColumns(latest?.columns, partColumns));
        if (v.columns) tx.parts.addSchemaVersion({ table, version: v.version, columns: v.columns, createdAt: ingestedAt });
        // The file's parts from earlier runs give way to this one; parts of this run (several tables
        // from one file) stay.
        replaced = tx.parts
          .partsOf(table, origin.sourceNode, origin.key)
          .filter((p) => p.runId !== ctx.runId && p.path !== path)
          .map((p) => p.path);
        for (const p of replaced) tx.parts.remove(table, p);
        const part: BronzePart = {
          table,
          path,
          sourceNode: origin.sourceNode,
          sourceKey: origin.key,
          fingerprint: origin.fingerprint,
          rows: written.rows,
          bytes: written.bytes,
          schemaVersion: v.version,
          runId: ctx.runId,
          graphId: ctx.graphId,
          createdAt: ingestedAt,
        };
        tx.parts.add(part);
      },
      // Committed: the part takes its final name (a `*.parquet` glob sees it from now on), then the
      // parts it replaced go. A crash in between leaves it pending: the next start or run publishes it.
      async afterCommit() {
        await storage.publish(path);
        for (const p of replaced) await storage.delete(p);
      },
      abort: () => storage.delete(pendingPath(path)),
    });
  },

  async close(_config, scope) {
    const { storage, lock, snapshotDigest, committing } = scope.state;
    try {
      // Under the table's lock since open, where the snapshot was brought in line: without a
      // commit of this run the manifest is as it was then, and reading every part's path again to
      // find that out was the sink's whole cost in a re-run that skips every file.
      if (!committing) return;
      scope.state.snapshotDigest = await syncManifestSnapshot(
        storage,
        tablePartsOf(scope.store.parts, storage.tableUri),
        scope.store.parts.schemaVersions(storage.tableUri),
        new Date(),
        snapshotDigest,
      );
    } finally {
      await lock.release();
      await storage.close();
    }
  },
});
