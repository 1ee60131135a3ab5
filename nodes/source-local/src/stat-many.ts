import { type Stats, stat, statSync } from 'node:fs';

/**
 * How a walk stats its files: synchronously while that is quick, on the thread pool from its first
 * slow batch on. One object per walk, shared by its batches.
 */
export interface StatPace {
  sync: boolean;
}

/** What one batch of synchronous stats may hold the event loop: cached metadata takes ~1 µs a file. */
const SYNC_BUDGET_MS = 2;

/**
 * Stats several files; a file that cannot be stat'ed (removed meanwhile) is undefined.
 *
 * While `pace.sync` holds, each file is stat'ed synchronously: with the metadata in the kernel's
 * cache (a re-run over a folder that was just listed or landed) a call takes ~1 µs, where a thread
 * pool round trip costs the main thread ~4-5 µs of callback and promise machinery: on a re-run over
 * 10,000 unchanged files that was the largest cost of the run. Once a batch has held the event loop
 * for `budgetMs` (a cold cache, a slow or network file system), its remaining files and every later
 * batch of the walk go to the thread pool, all in flight together: the event loop is then held at
 * most once per walk, for the budget and one call.
 */
export async function statMany(paths: readonly string[], pace: StatPace = { sync: false }, budgetMs = SYNC_BUDGET_MS): Promise<(Stats | undefined)[]> {
  if (!pace.sync) return statOnPool(paths);
  const out: (Stats | undefined)[] = new Array(paths.length);
  const start = performance.now();
  for (let i = 0; i < paths.length; i++) {
    out[i] = statNow(paths[i]!);
    if (i + 1 < paths.length && performance.now() - start > budgetMs) {
      pace.sync = false;
      const rest = await statOnPool(paths.slice(i + 1));
      for (let j = 0; j < rest.length; j++) out[i + 1 + j] = rest[j];
      break;
    }
  }
  return out;
}

function statNow(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * All in flight together on the thread pool. One promise for the lot through fs callbacks costs the
 * main thread about a third less than a promise per file from fs/promises.
 */
function statOnPool(paths: readonly string[]): Promise<(Stats | undefined)[]> {
  return new Promise((resolve) => {
    const out: (Stats | undefined)[] = new Array(paths.length);
    let left = paths.length;
    if (left === 0) return resolve(out);
    paths.forEach((path, i) =>
      stat(path, (err, s) => {
        out[i] = err ? undefined : s;
        if (--left === 0) resolve(out);
      }),
    );
  });
}
