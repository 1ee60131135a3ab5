import type { RunKey } from './key-facts.ts';
import type { KeyFeed } from './node-context.ts';

/**
 * The keys a source takes in keys mode: `params.keys`, then what the run's key feed gives until it
 * closes, each key once (a key fed while the run goes is never one the run already took).
 */
export async function* runKeys(keys: readonly RunKey[], feed: KeyFeed | undefined, signal: AbortSignal): AsyncGenerator<RunKey> {
  const seen = new Set<string>();
  function* fresh(list: readonly RunKey[]): Generator<RunKey> {
    for (const k of list) {
      if (seen.has(k.key)) continue;
      seen.add(k.key);
      yield k;
    }
  }
  yield* fresh(keys);
  for (;;) {
    const more = feed ? await feed.next(signal) : null;
    if (more === null) return;
    yield* fresh(more);
  }
}
