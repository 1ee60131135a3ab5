import { definePlugin } from '@sluice/sdk';
import { BatchLookup } from './batch-lookup.ts';
import { checkpointConfig } from './checkpoint-config.ts';
import { decide } from './checkpoint-decision.ts';
import { recordAfter } from './record-after.ts';
import { pruneRecords, retentionHorizon } from './retention.ts';

interface CheckpointState {
  lookup: BatchLookup;
  /** Retention horizon per source node, read once per run (the first look-up's, shared by the items that raced it). */
  horizons: Map<string, Promise<Date | undefined>>;
}

export default definePlugin({
  type: 'checkpoint',
  version: 1,
  category: 'checkpoint',
  title: 'Checkpoint',
  description:
    'Skips files already processed (same fingerprint) before any byte is read, and records each file once it has landed, failed or been quarantined.',
  icon: 'bookmark',
  config: checkpointConfig,
  inputs: { files: { kind: 'files', title: 'Files' } },
  outputs: { files: { kind: 'files', title: 'New or changed files' } },
  // Look-ups are cheap; several in flight let them share one query.
  concurrency: 16,

  open: (_config, scope): CheckpointState => ({ lookup: new BatchLookup(scope.store.checkpoints), horizons: new Map() }),

  async run(config, input, ctx) {
    const item = input!.item;
    if (item.kind !== 'file') throw new Error(`checkpoint takes files, got a ${item.kind}`);
    const file = item.origin;
    const { lookup, horizons } = ctx.state;
    if (!horizons.has(file.sourceNode)) horizons.set(file.sourceNode, retentionHorizon(ctx.store.checkpoints, file.sourceNode, config.retentionDays));
    const [record, horizon] = await Promise.all([lookup.get(file.sourceNode, file.key), horizons.get(file.sourceNode)]);
    // A new file from a bucket event whose modification time is not known yet: the retention
    // horizon needs it, so the source asks the store now (a HeadObject) instead of at the read.
    if (!record && horizon && file.unconfirmed) await item.confirm?.(ctx.signal);
    const decision = decide(record, file, { reprocessChanged: config.reprocessChanged, horizon });
    if (!decision.process) {
      if (decision.warn) ctx.warn(`${file.uri}: ${decision.reason}`, file);
      ctx.skip(decision.reason);
      return;
    }
    ctx.log.debug(`${file.key}: ${decision.why}`);
    ctx.onSettled(async (outcome, tx) => {
      // A failure counts on the record as it stands when this file commits: read again inside the
      // transaction. A landed file's record depends on no earlier one (the store's upsert keeps
      // the first sighting), so it costs no read: one statement fewer per file.
      const previous = outcome.status === 'failed' ? await tx.checkpoints.get(file.sourceNode, file.key) : undefined;
      const next = recordAfter(outcome, file, previous, { graphId: ctx.graphId, runId: ctx.runId, maxAttempts: config.maxAttempts, now: new Date() });
      if (next) await tx.checkpoints.put(next);
    });
    // The file goes on: a remote source may start downloading it while it waits for a parser.
    item.prefetch?.();
    await ctx.emit('files', item);
  },

  async close(config, scope, status) {
    if (!config.retentionDays || status === 'cancelled') return;
    const now = new Date();
    for (const sourceNode of scope.state.horizons.keys()) {
      const pruned = await scope.store.transaction((tx) => pruneRecords(tx.checkpoints, sourceNode, config.retentionDays!, now));
      if (pruned) scope.log.info(`pruned ${pruned} checkpoint records of "${sourceNode}" older than ${config.retentionDays} days before its watermark`);
    }
  },
});
