import type { AnyNodePlugin, GraphDocument, KeyFeed } from '@sluice/sdk';
import { gatedKeyFeed, keyFeedSource, type OpenFiles } from './gated-key-feed.ts';
import type { LiveKeys } from './run-types.ts';

/**
 * A run's live keys (RunGraphOptions.liveKeys) and the one source that takes them: the graph's only
 * source, when its plugin reads a key feed. With no such source nobody would take them, and the
 * feed is closed at once, so that intake queues its keys for runs of their own.
 */
export class RunLiveKeys {
  /** The source that takes the keys, and its view of them. */
  private fed: { node: string; feed: KeyFeed } | undefined;

  constructor(private readonly live: LiveKeys | undefined) {}

  /** Finds the source that takes the keys, once the graph's nodes are ready; false when none would. */
  feedSource(doc: GraphDocument, plugin: (type: string) => AnyNodePlugin | undefined, openFiles: OpenFiles): boolean {
    const source = this.live && keyFeedSource(doc, plugin);
    if (this.live && source) this.fed = { node: source, feed: gatedKeyFeed(this.live, openFiles) };
    return this.fed !== undefined;
  }

  /** Whether `node` is the fed source. */
  isFed(node: string): boolean {
    return node === this.fed?.node;
  }

  /** The key feed of `node`, when it is the fed source. */
  feedOf(node: string): KeyFeed | undefined {
    return node === this.fed?.node ? this.fed.feed : undefined;
  }

  /**
   * Closes the feed (when the fed source ends, or the run does) and returns the error to report for
   * keys that were never taken, if any. A cancel or a stop ends the run as cancelled (a stop queues
   * it again with every key): then untaken keys are no error. A stop at the first failing file
   * (`stopped`, stopOnError) fails the run, and its untaken keys must say so, not pass for keys
   * that landed because every error is about another file.
   */
  async close(run: { aborted: boolean; stopped: boolean }): Promise<{ node?: string; message: string } | undefined> {
    const left = (await this.live?.close()) ?? [];
    if (!left.length || (run.aborted && !run.stopped)) return undefined;
    return { ...(this.fed ? { node: this.fed.node } : {}), message: untakenKeysMessage(left.map((k) => k.key)) };
  }
}

/** What a run says of keys added while it went that its source never took (their files did not land). */
export function untakenKeysMessage(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).join(', ') + (keys.length > 5 ? ` and ${keys.length - 5} more` : '');
  return `${keys.length} key(s) added while the run went were never taken by its source: ${shown}`;
}
