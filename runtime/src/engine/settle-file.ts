import { errorMessage, type FileOutcome, type NodeStore } from '@sluice/sdk';
import type { FileLineage } from './file-lineage.ts';

interface SettleHooks {
  warn(message: string): void;
}

/**
 * Ends the lineages of files that every node has finished with. A processed file's landings (Bronze
 * parts already durably written) and its settle handlers (the checkpoint) commit in one savepoint,
 * so that a crash leaves the file either landed and checkpointed, or neither. Files that settle
 * together share one outer transaction: one disk sync for the group instead of one per file, which
 * is most of the cost of many small files. A file whose own commit fails is rolled back alone and
 * failed; a file that failed or was cancelled has its written parts removed and its handlers still
 * run, to record the failure.
 */
export async function settleFiles(lineages: FileLineage[], store: NodeStore, hooks: SettleHooks): Promise<FileOutcome[]> {
  const outcomes = lineages.map((l) => l.outcome());
  try {
    store.transaction(() => {
      lineages.forEach((l, i) => {
        outcomes[i] = commitOne(l, outcomes[i]!, store, hooks);
      });
    });
  } catch (err) {
    // The group's commit itself failed (disk full, database locked): nothing of it is on disk, so
    // every file's handlers run again on their own, the processed ones now failed.
    const why = errorMessage(err);
    lineages.forEach((l, i) => {
      if (outcomes[i]!.status === 'processed') outcomes[i] = commitFailed(l, outcomes[i]!, why);
      runHandlers(l, store, outcomes[i]!, hooks);
    });
  }
  await Promise.all(
    lineages.map(async (l, i) => {
      const o = outcomes[i]!;
      try {
        if (o.status === 'processed') {
          for (const landing of o.landings) {
            await landing.afterCommit?.().catch((err) => hooks.warn(`${l.origin.uri}: clean-up after commit failed: ${errorMessage(err)}`));
          }
        } else {
          for (const landing of l.landings) {
            await landing.abort().catch((err) => hooks.warn(`${l.origin.uri}: could not remove an uncommitted part: ${errorMessage(err)}`));
          }
        }
      } finally {
        await l.removeTemp().catch(() => {});
      }
    }),
  );
  return outcomes;
}

function commitOne(l: FileLineage, outcome: FileOutcome, store: NodeStore, hooks: SettleHooks): FileOutcome {
  if (outcome.status !== 'processed') {
    runHandlers(l, store, outcome, hooks);
    return outcome;
  }
  try {
    store.transaction((tx) => {
      for (const landing of outcome.landings) landing.commit(tx);
      for (const h of l.handlers) h(outcome, tx);
    });
    return outcome;
  } catch (err) {
    const failed = commitFailed(l, outcome, errorMessage(err));
    runHandlers(l, store, failed, hooks);
    return failed;
  }
}

function commitFailed(l: FileLineage, outcome: FileOutcome, why: string): FileOutcome {
  const error = `${l.origin.uri}: could not commit: ${why}`;
  l.fail('commit', error);
  return { status: 'failed', error, rows: 0, landings: outcome.landings };
}

function runHandlers(l: FileLineage, store: NodeStore, outcome: FileOutcome, hooks: SettleHooks): void {
  if (!l.handlers.length) return;
  try {
    store.transaction((tx) => {
      for (const h of l.handlers) h(outcome, tx);
    });
  } catch (err) {
    hooks.warn(`${l.origin.uri}: could not record the outcome "${outcome.status}": ${errorMessage(err)}`);
  }
}
