import type { KeyFeed } from './node-context.ts';

/**
 * The keys a source takes in keys mode: `params.keys`, then what the run's key feed gives until it
 * closes, each key once (a key fed while the run goes is never one the run already took).
 */
export async function* runKeys(keys: readonly string[], feed: KeyFeed | undefined, signal: AbortSignal): AsyncGenerator<string> {
  const seen = new Set<string>();
  function* fresh(list: readonly string[]): Generator<string> {
    for (const key of list) {
      if (seen.has(key)) continue;
      seen.add(key);
      yield key;
    }
  }
  yield* fresh(keys);
  for (;;) {
    const more = feed ? await feed.next(signal) : null;
    if (more === null) return;
    yield* fresh(more);
  }
}
