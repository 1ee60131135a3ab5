import { definePlugin, errorMessage } from '@sluice/sdk';
import { batchLanding } from './batch-landing.ts';
import { bronzeSinkConfig } from './bronze-sink-config.ts';
import { InFlightRewrites } from './in-flight-rewrites.ts';
import { landPart } from './land-part.ts';
import { landedSample } from './landed-sample.ts';
import { readSnapshotDigest, syncManifestSnapshot } from './manifest-snapshot.ts';
import { NewTableClaim } from './new-table-claim.ts';
import { openStorage } from './open-storage.ts';
import { newWriterName, partPath } from './part-name.ts';
import { planFile } from './plan-file.ts';
import { reconcileTable, tablePartsOf } from './reconcile-table.ts';
import { recoverTables } from './recover-tables.ts';
import type { SinkState } from './sink-state.ts';
import type { TableLock } from './table-lock.ts';
import { holdWriter } from './table-writers.ts';
import { underTableHold } from './under-table-hold.ts';

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
    let writerHold: TableLock | undefined;
    try {
      // Alive from here to the close: other writers of the table (other runs, here or in other
      // processes) leave what this one writes alone until it commits it.
      writerHold = await holdWriter(place, writer, scope.runId, scope.holds);
      // What a crash left (committed parts still pending, uncommitted ones, a stale snapshot) is
      // set right before this run writes; the runtime's start does the same for every table.
      await underTableHold(place, scope, () =>
        reconcileTable(storage, scope.store.parts, startedAt, { place, holds: scope.holds, runId: scope.runId }, scope.log),
      );
      return {
        storage,
        place,
        writerHold,
        inFlight: new Map(),
        batchParts: 0,
        claim: new NewTableClaim(),
        committing: false,
        rewriting: new InFlightRewrites(REWRITE_WAIT_MS),
        writer,
        ...(writerHold.fence ? { fence: writerHold.fence } : {}),
      };
    } catch (err) {
      await writerHold?.release();
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
    const { storage, place, writerHold, committing, rewriting } = scope.state;
    rewriting.releaseAll();
    try {
      // Without a commit of this run the manifest is as this run found it, or as another writer of
      // the table left it, whose own close writes the snapshot: reading every part's path again to
      // find that out was the sink's whole cost in a re-run that skips every file.
      if (!committing) return;
      // The manifest is read under the table's hold (other closes and clean-ups wait), so that a
      // snapshot written later is never older than one written before it.
      const sync = async () =>
        syncManifestSnapshot(
          storage,
          await tablePartsOf(scope.store.parts, storage.tableUri),
          await scope.store.parts.schemaVersions(storage.tableUri),
          new Date(),
          await readSnapshotDigest(storage),
        );
      await underTableHold(place, { runId: scope.runId, holds: scope.holds }, async (hold) => {
        if (!hold.fence) return void (await sync());
        // A hold shared through the store: the snapshot is written only while the hold is still
        // this writer's, inside a transaction whose fence keeps the next holder waiting until the
        // write is done. A writer that lost it meanwhile (paused past it) leaves the snapshot to
        // the next close.
        let lost: unknown;
        const digest = await scope.store.transaction(async () => {
          try {
            await hold.fence!();
          } catch (err) {
            lost = err;
            return undefined;
          }
          return sync();
        });
        if (digest === undefined) scope.warn(`the table's manifest snapshot was left to its next writer: ${errorMessage(lost)}`);
      });
    } finally {
      await writerHold.release();
      await storage.close();
    }
  },
});
