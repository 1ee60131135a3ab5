import type { CheckpointReader, CheckpointWriter } from '@sluice/sdk';

const DAY_MS = 86_400_000;

/**
 * The retention horizon of a source node: files modified before it may have lost their records.
 * It hangs on the watermark (every file below it succeeded), not on the clock, so that records are
 * pruned only for files the source had long finished with; a source that keeps no watermark never
 * has records pruned.
 */
export async function retentionHorizon(reader: CheckpointReader, sourceNode: string, retentionDays: number | undefined): Promise<Date | undefined> {
  if (!retentionDays) return undefined;
  const w = await reader.getWatermark(sourceNode);
  return w ? new Date(w.getTime() - retentionDays * DAY_MS) : undefined;
}

/** Prunes the processed records below the horizon that were not touched within the retention. */
export async function pruneRecords(tx: CheckpointWriter, sourceNode: string, retentionDays: number, now: Date): Promise<number> {
  const horizon = await retentionHorizon(tx, sourceNode, retentionDays);
  if (!horizon) return 0;
  return tx.prune(sourceNode, { modifiedBefore: horizon, updatedBefore: new Date(now.getTime() - retentionDays * DAY_MS) });
}
