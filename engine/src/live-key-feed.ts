import type { RunKey } from '@sluice/sdk';
import type { LiveKeys } from './run-types.ts';

/** A key intake means to give a running run, from its check of the feed to the end of its transaction. */
export interface KeyReservation {
  /** The key is committed in the run's params: hand it over (nothing if the run ended meanwhile). */
  push(key: RunKey): void;
  /** The transaction rolled back: nothing to hand over. */
  cancel(): void;
}

/**
 * The live keys of one running run: intake pushes keys (after recording them in the run's params
 * in its transaction), the executor's source takes them. Open until the executor closes it. Intake
 * reserves a place when it finds the feed open and pushes into it after its commit: the feed does
 * not close while a reservation is out, so a key recorded in the run's params is never left
 * behind by a run that ended in between (the transaction awaits the store, and the executor goes on
 * meanwhile).
 */
export class LiveKeyFeed implements LiveKeys {
  private waiting: RunKey[] = [];
  private reserved = 0;
  private closed = false;
  private wakers: (() => void)[] = [];
  /** When each fed key was taken by the source (ms): the moment its file was picked up. */
  readonly takenAt = new Map<string, number>();

  constructor(
    readonly runId: string,
    readonly graphId: string,
    /** Keys of the run so far (its params plus every push): intake caps a run's keys. */
    public keyCount: number,
  ) {}

  get open(): boolean {
    return !this.closed;
  }

  /** Keys waiting to be taken, and places reserved by intake: the feed cannot close while any are. */
  get pending(): number {
    return this.waiting.length + this.reserved;
  }

  /** A key and what its event said of its version (KeyFacts), when it said enough. */
  push(key: RunKey): void {
    if (this.closed) throw new Error(`run ${this.runId}: key "${key.key}" pushed after its feed closed`);
    this.waiting.push(key);
    this.keyCount++;
    this.wake();
  }

  /**
   * Holds the feed open for one key intake is about to record in the run's params; the key counts
   * against the run's cap at once. Only when the feed is open (`open`).
   */
  reserve(): KeyReservation {
    if (this.closed) throw new Error(`run ${this.runId}: a key reserved after its feed closed`);
    this.reserved++;
    this.keyCount++;
    let ended = false;
    const end = () => {
      if (ended) return false;
      ended = true;
      this.reserved--;
      this.keyCount--;
      return true;
    };
    return {
      push: (key) => {
        // A feed closed by force (the run was cancelled or broke) takes nothing: the key stays in
        // the run's params, as any key pushed but not taken before such a close.
        if (end() && !this.closed) this.push(key);
      },
      cancel: () => {
        if (end()) this.wake();
      },
    };
  }

  /**
   * One key at a time: the source asks for the next when it starts on it (sources look keys up one
   * by one), so the time a key is taken is when its file is picked up, not when it joined a batch
   * that waits in the source. Keys not taken yet stay here, durable in the run's params either way.
   */
  take(): RunKey[] | null {
    if (this.closed) return null;
    const keys = this.waiting.splice(0, 1);
    for (const k of keys) this.takenAt.set(k.key, Date.now());
    return keys;
  }

  arrival(): Promise<void> {
    if (this.closed || this.waiting.length) return Promise.resolve();
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  closeIfEmpty(): boolean {
    if (this.pending) return false;
    this.close();
    return true;
  }

  close(): RunKey[] {
    this.closed = true;
    const left = this.waiting;
    this.waiting = [];
    this.wake();
    return left;
  }

  private wake(): void {
    const w = this.wakers;
    this.wakers = [];
    for (const resolve of w) resolve();
  }
}

/** The open feeds of the runs executing in this process, by run. */
export class LiveFeeds {
  private readonly byRun = new Map<string, LiveKeyFeed>();

  add(feed: LiveKeyFeed): void {
    this.byRun.set(feed.runId, feed);
  }

  remove(runId: string): void {
    this.byRun.get(runId)?.close();
    this.byRun.delete(runId);
  }

  /** An open feed of the graph's running runs with room for one more key. */
  openFor(graphId: string, maxKeys: number): LiveKeyFeed | undefined {
    for (const f of this.byRun.values()) if (f.graphId === graphId && f.open && f.keyCount < maxKeys) return f;
    return undefined;
  }
}
