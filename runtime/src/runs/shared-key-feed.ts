import { errorMessage, type KeyFacts, type RunKey } from '@sluice/sdk';
import { LiveKeyFeed, type LiveKeys } from '@sluice/engine';
import type { RunKeyLists } from '@sluice/store';

export interface SharedKeyFeedDeps {
  keys: Pick<RunKeyLists, 'keysOfRunning' | 'closeKeys'>;
  /**
   * Opens the run's feed in the store (`RunKeyLists.openKeys`, and whatever the runtime joins to
   * it in the same transaction) and answers the run's keys then; undefined when the run is no
   * longer held at `epoch`.
   */
  open(runId: string, epoch: number): Promise<string[] | undefined>;
  /**
   * Moves keys queued for the graph meanwhile into the run (runs queued by events that arrived
   * just as the feed opened, in transactions that had not seen it open), answering the run's keys
   * when any joined. Asked about once a second while open and before the feed would close.
   */
  join?(runId: string): Promise<string[] | undefined>;
  /** What the bucket events of these keys of the run said of their objects (RunKey.facts). */
  factsOf(runId: string, keys: string[]): Promise<Readonly<Record<string, KeyFacts>>>;
  /** How often the run's keys are looked at in the store while the feed is open (ms). */
  pollMs: number;
  log?(message: string): void;
}

/** Every how many looks the feed also joins keys queued for its graph (`join`): about once a second. */
const LOOKS_PER_JOIN = 10;

/**
 * The key feed of a run held by a worker of a PostgreSQL store, where bucket events may arrive at
 * any `sluice serve` (with `--workers 0`, never at the process running the run). The holder opens
 * the feed in the store (`deps.open`); intake anywhere then adds keys to the run's
 * params (`addKeyToRunning(…, shared)`), and this feed finds them (every `pollMs`, and when it
 * would close) and hands them to the run's source as a feed in one process does (LiveKeyFeed).
 * Closing is decided in the store, under the lock intake holds from its check to its commit:
 * refused while keys were added that the feed has not seen, so that a key is either taken here or
 * refused to intake, which then queues it for another run.
 */
export class SharedKeyFeed implements LiveKeys {
  private readonly local: LiveKeyFeed;
  /** Every key of the run the feed knows of: its params at the claim and every key handed over since. */
  private readonly known: Set<string>;
  /** How many keys of the run's list the feed has seen (keys are only ever appended while it runs). */
  private seen: number;
  private timer: NodeJS.Timeout | undefined;
  private looks = 0;
  private looking = false;
  /** Store calls one after another: a look, a close and the end never interleave. */
  private turn: Promise<unknown> = Promise.resolve();
  private ended: Promise<string[]> | undefined;

  constructor(
    readonly runId: string,
    readonly graphId: string,
    /** The holder's claim (`run.attempts`): the store refuses to open or close the feed of a run taken over. */
    private readonly epoch: number,
    keys: readonly string[],
    private readonly deps: SharedKeyFeedDeps,
  ) {
    this.local = new LiveKeyFeed(runId, graphId, keys.length);
    this.known = new Set(keys);
    this.seen = keys.length;
  }

  /** When each fed key was taken by the source (ms). */
  get takenAt(): ReadonlyMap<string, number> {
    return this.local.takenAt;
  }

  /**
   * Opens the feed in the store and hands over the keys intake added between the claim and now.
   * False when the run is no longer held at this epoch: the feed is closed, nothing is fed.
   */
  async open(): Promise<boolean> {
    const keys = await this.deps.open(this.runId, this.epoch);
    if (!keys) {
      this.local.close();
      return false;
    }
    await this.serial(() => this.absorb(keys));
    // One look at a time: a store slower than the period skips beats instead of queueing looks.
    this.timer = setInterval(() => {
      if (this.looking) return;
      this.looking = true;
      void this.look().finally(() => (this.looking = false));
    }, this.deps.pollMs);
    this.timer.unref();
    return true;
  }

  /** Looks for keys added in the store; a failed look is logged, and the next one tries again. */
  look(): Promise<void> {
    return this.serial(async () => {
      if (!this.local.open) return;
      const joined = ++this.looks % LOOKS_PER_JOIN === 0 ? await this.deps.join?.(this.runId) : undefined;
      const keys = joined ?? (await this.deps.keys.keysOfRunning(this.runId));
      if (keys) await this.absorb(keys);
    }).catch((err) => this.deps.log?.(`run ${this.runId}: its keys could not be read: ${errorMessage(err)}`));
  }

  take(): RunKey[] | null {
    return this.local.take();
  }

  arrival(): Promise<void> {
    return this.local.arrival();
  }

  closeIfEmpty(): Promise<boolean> {
    return this.serial(async () => {
      if (this.local.pending) return false;
      if (!this.local.open) return true;
      // Keys waiting in a queued run of the graph are taken here rather than left to a run of their own.
      const joined = await this.deps.join?.(this.runId);
      if (joined && joined.length > this.seen) {
        await this.absorb(joined);
        return false;
      }
      const r = await this.deps.keys.closeKeys(this.runId, this.epoch, this.seen);
      if (!r.closed) {
        await this.absorb(r.keys);
        return false;
      }
      this.stopLooking();
      this.local.close();
      return true;
    });
  }

  /**
   * Closes the feed whatever waits (the source ended, or the run did) and answers the keys never
   * taken: those handed over and not taken, then those intake added in the store that were never
   * handed over (read as the store's side closes, after any store call in flight; none when the feed
   * closed empty, the store refusing keys from then on). A second call answers none more. Should the
   * store not answer, the keys in hand are answered, and the log says why.
   */
  async close(): Promise<RunKey[]> {
    this.stopLooking();
    const left = this.local.close();
    if (this.ended) {
      await this.ended;
      return left;
    }
    this.ended = this.serial(async () => {
      const r = await this.deps.keys.closeKeys(this.runId, this.epoch, this.seen, true);
      return r.keys.filter((k) => !this.known.has(k));
    }).catch((err: unknown) => {
      this.deps.log?.(`run ${this.runId}: its key feed could not be closed in the store: ${errorMessage(err)}`);
      return [];
    });
    const unseen = await this.ended;
    return [...left, ...unseen.map((key) => ({ key }))];
  }

  private stopLooking(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Hands over the keys of the run's list not seen yet, with their events' facts. */
  private async absorb(keys: readonly string[]): Promise<void> {
    const fresh = keys.slice(this.seen).filter((k) => !this.known.has(k));
    if (fresh.length) {
      let facts: Readonly<Record<string, KeyFacts>> = {};
      try {
        facts = await this.deps.factsOf(this.runId, fresh);
      } catch (err) {
        // Facts only spare requests: without them the source looks the objects up.
        this.deps.log?.(
          `run ${this.runId}: the events' facts of ${fresh.length} fed key(s) could not be read (${errorMessage(err)}); they are looked up instead`,
        );
      }
      // Closed by force meanwhile: these stay unseen, and `close` names them.
      if (!this.local.open) return;
      for (const key of fresh) {
        this.known.add(key);
        const f = Object.hasOwn(facts, key) ? facts[key] : undefined;
        this.local.push(f ? { key, facts: f } : { key });
      }
    }
    this.seen = Math.max(this.seen, keys.length);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.turn.then(fn, fn);
    this.turn = next.catch(() => {});
    return next;
  }
}
