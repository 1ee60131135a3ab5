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
      // Files that did not land (skipped, failed, cancelled) only record their outcome: consecutive
      // ones share one savepoint instead of one each, which is most of the cost of settling a re-run
      // that skips every file.
      let group: number[] = [];
      const recordGroup = () => {
        runHandlerGroup(
          group.map((i) => ({ lineage: lineages[i]!, outcome: outcomes[i]! })),
          store,
          hooks,
        );
        group = [];
      };
      lineages.forEach((l, i) => {
        if (outcomes[i]!.status !== 'processed') {
          if (l.handlers.length) group.push(i);
          return;
        }
        // In order: a file listed twice in the batch records its later outcome last.
        recordGroup();
        outcomes[i] = commitOne(l, outcomes[i]!, store, hooks);
      });
      recordGroup();
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
  // A file that left neither parts nor temporary files has nothing to clean up.
  const toClean = lineages.flatMap((l, i) => (l.landings.length || l.hasTemp ? [i] : []));
  await Promise.all(
    toClean.map(async (i) => {
      const l = lineages[i]!;
      const o = outcomes[i]!;
      try {
        if (o.status === 'processed') {
          for (const landing of o.landings) {
            await landing
              .afterCommit?.()
              .catch((err) =>
                hooks.warn(
                  `${l.origin.uri}: committed to table ${landing.table}, but publishing its part failed: ${errorMessage(err)} (the part is published when the runtime next starts or a run next writes the table)`,
                ),
              );
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

/** Commits a processed file's landings and handlers in a savepoint of its own; a failure fails the file alone. */
function commitOne(l: FileLineage, outcome: FileOutcome, store: NodeStore, hooks: SettleHooks): FileOutcome {
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

/**
 * Records the outcomes of several files that did not land in one savepoint. Should a handler throw,
 * the savepoint rolls back and each file's handlers run again in a savepoint of their own, so that
 * one file's failure to record does not lose the others' (handlers may be called again, as after a
 * failed commit: the last call wins).
 */
function runHandlerGroup(group: { lineage: FileLineage; outcome: FileOutcome }[], store: NodeStore, hooks: SettleHooks): void {
  if (group.length <= 1) {
    for (const g of group) runHandlers(g.lineage, store, g.outcome, hooks);
    return;
  }
  try {
    store.transaction((tx) => {
      for (const g of group) for (const h of g.lineage.handlers) h(g.outcome, tx);
    });
  } catch {
    for (const g of group) runHandlers(g.lineage, store, g.outcome, hooks);
  }
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
