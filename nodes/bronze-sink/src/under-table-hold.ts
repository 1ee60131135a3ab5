import type { SharedHolds } from '@sluice/sdk';
import { holdTable, type TableLock } from './table-lock.ts';
import type { TableWriterPlace } from './table-writers.ts';

/** How long a writer waits for another to finish its clean-up or snapshot. */
const TABLE_HOLD_WAIT_MS = 60_000;

/**
 * Runs `fn` holding the table (the store's shared hold, else the table's lock file), for the short
 * work two writers must not do at once: the clean-up of what gone writers left, and the write of
 * the manifest snapshot (each read of the manifest then written whole: one after the other, a later
 * snapshot is never older than an earlier one). Writing parts and committing them does not take
 * it: several runs write one table at once, their commits taking turns in the store
 * (`PartWriter.holdTable`). `signal` ends the wait (a close writes its snapshot even for a run
 * stopped meanwhile, and passes none).
 */
export async function underTableHold<T>(
  place: TableWriterPlace,
  /** `waitMs`: how long another holder is waited for (default 60 s; the start-up's recovery waits for none). */
  who: { runId: string; holds?: SharedHolds | undefined; signal?: AbortSignal | undefined; waitMs?: number },
  fn: (hold: TableLock) => Promise<T>,
): Promise<T> {
  const hold = await holdTable(place, who.runId, who.holds, { waitMs: who.waitMs ?? TABLE_HOLD_WAIT_MS, ...(who.signal ? { signal: who.signal } : {}) });
  try {
    return await fn(hold);
  } finally {
    await hold.release();
  }
}
