import { errorMessage, type FileOutcome, type LandingGroup, type NodeStore } from '@sluice/sdk';
import type { FileLineage } from './file-lineage.ts';
import { closureOf, groupsOf, joinGroups } from './landing-group-gate.ts';

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
    // Every store call below is awaited inside this transaction's async context: the transaction
    // holds the store until it commits, so nothing else may be awaited here (NodeStore.transaction).
    await store.transaction(async () => {
      // Files that did not land (skipped, failed, cancelled) only record their outcome: consecutive
      // ones share one savepoint instead of one each, which is most of the cost of settling a re-run
      // that skips every file.
      let group: number[] = [];
      const recordGroup = async () => {
        await runHandlerGroup(
          group.map((i) => ({ lineage: lineages[i]!, outcome: outcomes[i]! })),
          store,
          hooks,
        );
        group = [];
      };
      const shared = sharedWrites(lineages);
      const done = new Set<number>();
      for (const [i, l] of lineages.entries()) {
        if (done.has(i)) continue;
        if (outcomes[i]!.status !== 'processed') {
          if (l.handlers.length) group.push(i);
          continue;
        }
        // In order: a file listed twice in the batch records its later outcome last.
        await recordGroup();
        const unit = shared.unitOf(l);
        if (!unit) {
          outcomes[i] = await commitOne(l, outcomes[i]!, store, hooks);
          continue;
        }
        // Its files that did not land are recorded in their turn, as any such file.
        for (const j of unit) if (outcomes[j]!.status === 'processed') done.add(j);
        await commitUnit(unit, lineages, outcomes, store, hooks);
      }
      await recordGroup();
    });
  } catch (err) {
    // The group's commit itself failed (disk full, database locked): nothing of it is on disk, so
    // every file's handlers run again on their own, the processed ones now failed.
    const why = errorMessage(err);
    for (const [i, l] of lineages.entries()) {
      if (outcomes[i]!.status === 'processed') outcomes[i] = commitFailed(l, outcomes[i]!, why);
      await runHandlers(l, store, outcomes[i]!, hooks);
    }
  }
  await settleGroups(lineages, outcomes, hooks);
  // A file that left neither parts nor temporary files has nothing to clean up.
  const toClean = lineages.flatMap((l, i) => (l.landings.length || l.hasTemp ? [i] : []));
  await Promise.all(
    toClean.map(async (i) => {
      const l = lineages[i]!;
      const o = outcomes[i]!;
      try {
        if (o.status === 'processed') {
          for (const landing of o.landings.filter((x) => !x.group)) {
            await landing
              .afterCommit?.()
              .catch((err) =>
                hooks.warn(
                  `${l.origin.uri}: committed to table ${landing.table}, but publishing its part failed: ${errorMessage(err)} (the part is published when the runtime next starts or a run next writes the table)`,
                ),
              );
          }
        } else {
          for (const landing of l.landings.filter((x) => !x.group)) {
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

/** The files of a settle batch that share a write with others, and which do (by index). */
function sharedWrites(lineages: FileLineage[]) {
  const members = new Map<LandingGroup, Set<FileLineage>>();
  for (const l of lineages) joinGroups(members, l);
  const index = new Map(lineages.map((l, i) => [l, i]));
  return {
    unitOf(l: FileLineage): number[] | undefined {
      if (!groupsOf(l).length) return undefined;
      return closureOf(l, members).files.map((f) => index.get(f)!);
    },
  };
}

/**
 * Commits files whose rows share writes (`Landing.group`: one part holding a batch) in one savepoint:
 * each write once, then every file's share and settle handlers. All of them land or none does: a
 * file of the unit that did not settle processed (it failed on another branch of the graph), or a
 * write whose files are not all here, fails the others, naming why; they are read again next run.
 */
async function commitUnit(unit: number[], lineages: FileLineage[], outcomes: FileOutcome[], store: NodeStore, hooks: SettleHooks): Promise<void> {
  const files = unit.map((i) => lineages[i]!);
  const groups = [...new Set(files.flatMap(groupsOf))];
  const notLanded = unit.find((i) => outcomes[i]!.status !== 'processed');
  const missing = groups.reduce((n, g) => n + g.files, 0) - files.reduce((n, l) => n + groupsOf(l).length, 0);
  let why: string | undefined;
  if (notLanded !== undefined) {
    const o = outcomes[notLanded]!;
    const which = o.status === 'failed' ? `failed: ${o.error}` : o.status === 'skipped' ? `was left out: ${o.reason}` : 'was cancelled';
    why = `its rows share a Bronze part with ${lineages[notLanded]!.origin.uri}, which ${which}`;
  } else if (missing > 0) {
    why = `its rows share a Bronze part with ${missing} file(s) that did not settle in this run`;
  }
  if (!why) {
    try {
      await store.transaction(async (tx) => {
        for (const g of groups) await g.commit(tx);
        for (const [k, l] of files.entries()) {
          for (const landing of outcomes[unit[k]!]!.landings) await landing.commit(tx);
          for (const h of l.handlers) await h(outcomes[unit[k]!]!, tx);
        }
      });
      return;
    } catch (err) {
      why = errorMessage(err);
    }
  }
  for (const i of unit) {
    if (outcomes[i]!.status !== 'processed') continue;
    outcomes[i] = commitFailed(lineages[i]!, outcomes[i]!, why);
    await runHandlers(lineages[i]!, store, outcomes[i]!, hooks);
  }
}

/** Publishes each shared write whose files committed, and removes each one whose files did not: once per write. */
async function settleGroups(lineages: FileLineage[], outcomes: FileOutcome[], hooks: SettleHooks): Promise<void> {
  const seen = new Set<LandingGroup>();
  for (const [i, l] of lineages.entries()) {
    for (const g of groupsOf(l)) {
      if (seen.has(g)) continue;
      seen.add(g);
      if (outcomes[i]!.status === 'processed') {
        await g
          .afterCommit?.()
          .catch((err) =>
            hooks.warn(
              `${l.origin.uri}: committed with ${g.files - 1} other file(s) in one part, but publishing it failed: ${errorMessage(err)} (the part is published when the runtime next starts or a run next writes the table)`,
            ),
          );
      } else {
        await g
          .abort()
          .catch((err) => hooks.warn(`${l.origin.uri}: could not remove an uncommitted part shared with ${g.files - 1} other file(s): ${errorMessage(err)}`));
      }
    }
  }
}

/** Commits a processed file's landings and handlers in a savepoint of its own; a failure fails the file alone. */
async function commitOne(l: FileLineage, outcome: FileOutcome, store: NodeStore, hooks: SettleHooks): Promise<FileOutcome> {
  try {
    await store.transaction(async (tx) => {
      for (const landing of outcome.landings) await landing.commit(tx);
      for (const h of l.handlers) await h(outcome, tx);
    });
    return outcome;
  } catch (err) {
    const failed = commitFailed(l, outcome, errorMessage(err));
    await runHandlers(l, store, failed, hooks);
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
async function runHandlerGroup(group: { lineage: FileLineage; outcome: FileOutcome }[], store: NodeStore, hooks: SettleHooks): Promise<void> {
  if (group.length <= 1) {
    for (const g of group) await runHandlers(g.lineage, store, g.outcome, hooks);
    return;
  }
  try {
    await store.transaction(async (tx) => {
      for (const g of group) for (const h of g.lineage.handlers) await h(g.outcome, tx);
    });
  } catch {
    for (const g of group) await runHandlers(g.lineage, store, g.outcome, hooks);
  }
}

async function runHandlers(l: FileLineage, store: NodeStore, outcome: FileOutcome, hooks: SettleHooks): Promise<void> {
  if (!l.handlers.length) return;
  try {
    await store.transaction(async (tx) => {
      for (const h of l.handlers) await h(outcome, tx);
    });
  } catch (err) {
    hooks.warn(`${l.origin.uri}: could not record the outcome "${outcome.status}": ${errorMessage(err)}`);
  }
}
