import type { AnyNodePlugin, GraphDocument, KeyFeed } from '@sluice/sdk';
import type { LiveKeys } from './run-types.ts';

/** Files of a run emitted by its sources and not settled yet, with a wake-up on each settle. */
export class OpenFiles {
  count = 0;
  private waiters: (() => void)[] = [];

  opened(): void {
    this.count++;
  }

  settled(): void {
    this.count--;
    const w = this.waiters;
    this.waiters = [];
    for (const wake of w) wake();
  }

  /** Resolves at the next settle. */
  change(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/**
 * The source's view of a run's live keys. With no key waiting it keeps the run open while files
 * are still in flight (an event arriving then is absorbed instead of waiting for the next run),
 * and closes the feed when none is: the run is about to end. The emptiness check and the close
 * are one step (`LiveKeys.closeIfEmpty`), so a key is either taken here or refused to intake, which
 * then queues it for another run.
 */
export function gatedKeyFeed(live: LiveKeys, files: OpenFiles): KeyFeed {
  return {
    async next(signal) {
      for (;;) {
        signal.throwIfAborted();
        const keys = live.take();
        if (keys === null) return null;
        if (keys.length) return keys;
        if (files.count === 0 && (await live.closeIfEmpty())) return null;
        await untilAborted(Promise.race([live.arrival(), files.change()]), signal);
      }
    },
  };
}

async function untilAborted(p: Promise<void>, signal: AbortSignal): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<void>((_, reject) => {
    onAbort = () => reject(signal.reason ?? new Error('run cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([p, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

/** The graph's one source, when it is the only one and reads a key feed: the node a run's live keys go to. */
export function keyFeedSource(doc: GraphDocument, plugin: (type: string) => AnyNodePlugin | undefined): string | undefined {
  const sources = Object.entries(doc.nodes).filter(([, n]) => {
    const p = plugin(n.type);
    return p && Object.keys(p.inputs).length === 0;
  });
  const [only] = sources;
  return sources.length === 1 && plugin(only![1].type)?.readsKeyFeed ? only![0] : undefined;
}
