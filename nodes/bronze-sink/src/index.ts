import { definePlugin, errorMessage } from '@sluice/sdk';
import { batchLanding } from './batch-landing.ts';
import { bronzeSinkConfig } from './bronze-sink-config.ts';
import { InFlightRewrites } from './in-flight-rewrites.ts';
import { landPart } from './land-part.ts';
import { landedSample } from './landed-sample.ts';
import { syncManifestSnapshot } from './manifest-snapshot.ts';
import { NewTableClaim } from './new-table-claim.ts';
import { openStorage } from './open-storage.ts';
import { newWriterName, partPath } from './part-name.ts';
import { planFile } from './plan-file.ts';
import { reconcileTable, tablePartsOf } from './reconcile-table.ts';
import { recoverTables } from './recover-tables.ts';
import type { SinkState } from './sink-state.ts';
import { holdTable, type TableLock } from './table-lock.ts';
import { holdWriter, TableWriters } from './table-writers.ts';

/** How long a write waits for another write of the run to settle its copy of a part they share (in-flight-rewrites.ts). */
const REWRITE_WAIT_MS = 60_000;

export default definePlugin({
  type: 'bronze-sink',
  version: 1,
  category: 'sink',
  title: 'Bronze table',
  description:
    "Lands files' rows as zstd Parquet parts of a Bronze table, with audit columns: a large file as a part of its own, small files arriving together as one part per batch; a file processed again replaces its rows instead of duplicating them.",
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
    const place = { tableUri: storage.tableUri, lockPath };
    const writer = newWriterName();
    let lock: TableLock | undefined;
    let writerHold: TableLock | undefined;
    try {
      lock = await holdTable(place, scope.runId, scope.holds, { waitMs: 60_000, signal: scope.signal });
      writerHold = await holdWriter(place, writer, scope.runId, scope.holds);
      // What a crash left (committed parts still pending, uncommitted ones, a stale snapshot) is
      // set right before this run writes; the runtime's start does the same for every table.
      const writers = new TableWriters(place, scope.holds, scope.runId);
      const snapshotDigest = await reconcileTable(storage, scope.store.parts, startedAt, writers, scope.log).finally(() => writers.release());
      return {
        storage,
        lock,
        writerHold,
        inFlight: new Map(),
        batchParts: 0,
        snapshotDigest,
        claim: new NewTableClaim(),
        committing: false,
        rewriting: new InFlightRewrites(REWRITE_WAIT_MS),
        writer,
        ...(lock.fence ? { fence: lock.fence } : {}),
      };
    } catch (err) {
      await writerHold?.release();
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
    const ingestedAt = new Date();
    const planned = await planFile(config, item, ctx, storage.tableUri, claim, ingestedAt);

    const fileId = `${origin.sourceNode}\0${origin.key}`;
    const index = inFlight.get(fileId) ?? 0;
    inFlight.set(fileId, index + 1);
    if (index === 0) ctx.onSettled(() => void inFlight.delete(fileId));
    await landPart(
      config,
      ctx.state,
      [{ origin, ctx }],
      [planned.frame],
      planned.partColumns,
      (taken) => partPath({ ...origin, ingestedAt, index, runId: ctx.runId, writer: ctx.state.writer, taken }),
      ingestedAt,
    );
  },

  batches: batchLanding,

  async close(_config, scope) {
    const { storage, lock, writerHold, snapshotDigest, committing, rewriting } = scope.state;
    rewriting.releaseAll();
    try {
      // Under the table's lock since open, where the snapshot was brought in line: without a
      // commit of this run the manifest is as it was then, and reading every part's path again to
      // find that out was the sink's whole cost in a re-run that skips every file.
      if (!committing) return;
      const sync = async () =>
        syncManifestSnapshot(
          storage,
          await tablePartsOf(scope.store.parts, storage.tableUri),
          await scope.store.parts.schemaVersions(storage.tableUri),
          new Date(),
          snapshotDigest,
        );
      if (!lock.fence) {
        scope.state.snapshotDigest = await sync();
        return;
      }
      // A hold shared through the store: the snapshot is written only while it is still this run's,
      // inside a transaction whose fence keeps the next holder waiting until the write is done. A
      // writer that lost the hold (paused past it, its run taken over) leaves the snapshot to the
      // holder now, whose own close writes it.
      let lost: unknown;
      const digest = await scope.store.transaction(async () => {
        try {
          await lock.fence!();
        } catch (err) {
          lost = err;
          return undefined;
        }
        return sync();
      });
      if (digest !== undefined) scope.state.snapshotDigest = digest;
      else scope.warn(`the table's manifest snapshot was left to its writer now: ${errorMessage(lost)}`);
    } finally {
      await writerHold.release();
      await lock.release();
      await storage.close();
    }
  },
});
