import { errorMessage, type FileOutcome, type NodeStore } from '@sluice/sdk';
import type { FileLineage } from './file-lineage.ts';

/**
 * Ends one file's lineage. A processed file's landings (Bronze parts already durably written) and
 * its settle handlers (the checkpoint) commit in one store transaction, so that a crash leaves the
 * file either landed and checkpointed, or neither. A file that failed or was cancelled has its
 * written parts removed, and its handlers still run (to record the failure).
 */
export async function settleFile(
  lineage: FileLineage,
  store: NodeStore,
  hooks: { warn(message: string): void },
): Promise<FileOutcome> {
  let outcome = lineage.outcome();
  try {
    if (outcome.status === 'processed') {
      try {
        const committed = outcome;
        store.transaction((tx) => {
          for (const l of committed.landings) l.commit(tx);
          for (const h of lineage.handlers) h(committed, tx);
        });
      } catch (err) {
        outcome = { status: 'failed', error: `${lineage.origin.uri}: could not commit: ${errorMessage(err)}`, rows: 0, landings: outcome.landings };
        lineage.fail('commit', outcome.error!);
        await abortAll(lineage, hooks);
        runHandlers(lineage, store, outcome, hooks);
        return outcome;
      }
      for (const l of outcome.landings) {
        await l.afterCommit?.().catch((err) => hooks.warn(`${lineage.origin.uri}: clean-up after commit failed: ${errorMessage(err)}`));
      }
    } else {
      await abortAll(lineage, hooks);
      runHandlers(lineage, store, outcome, hooks);
    }
    return outcome;
  } finally {
    await lineage.removeTemp().catch(() => {});
  }
}

async function abortAll(lineage: FileLineage, hooks: { warn(message: string): void }): Promise<void> {
  for (const l of lineage.landings) {
    await l.abort().catch((err) => hooks.warn(`${lineage.origin.uri}: could not remove an uncommitted part: ${errorMessage(err)}`));
  }
}

function runHandlers(lineage: FileLineage, store: NodeStore, outcome: FileOutcome, hooks: { warn(message: string): void }): void {
  if (!lineage.handlers.length) return;
  try {
    store.transaction((tx) => {
      for (const h of lineage.handlers) h(outcome, tx);
    });
  } catch (err) {
    hooks.warn(`${lineage.origin.uri}: could not record the outcome "${outcome.status}": ${errorMessage(err)}`);
  }
}
