/**
 * Exclusive holds that every process of one runtime respects, on this machine or others (a
 * PostgreSQL store's leases with fencing epochs). Given to a node where several processes may
 * write the same storage (`sluice worker`s and `sluice serve`s sharing a store); absent where one
 * process serves the store, and the node keeps its own lock (e.g. a lock file).
 */
export interface SharedHolds {
  /**
   * Takes the hold `name` (e.g. a table's URI), waiting up to `waitMs` while another run or process
   * has it; rejects naming the holder after that, or when `signal` aborts. The hold is renewed while
   * held; a process paused or cut off past its lifetime loses it, and its `fence` then refuses.
   */
  take(name: string, options: { waitMs: number; signal?: AbortSignal } & TakeOptions): Promise<SharedHold>;
  /**
   * `take` without waiting: the hold when nobody has it now (never taken, given up, or its holder's
   * lifetime past: that holder is fenced out from here on), undefined while another holds it.
   */
  tryTake(name: string, options?: TakeOptions): Promise<SharedHold | undefined>;
  /**
   * The names beginning with `prefix` that are held now or were left by a holder that stopped
   * without giving them up (a process killed): what a clean-up asks `tryTake` about.
   */
  names(prefix: string): Promise<string[]>;
}

export interface TakeOptions {
  /**
   * The name is one holder's alone and is never taken again once given up (a writer's name, random
   * per opening), but to find its holder gone: its release forgets it instead of keeping its epoch
   * for a next holder, so that such names do not pile up.
   */
  once?: boolean;
}

export interface SharedHold {
  /**
   * Call first inside the store transaction that commits work done under the hold: throws unless
   * this hold is still this run's (not expired and taken by another), and keeps it from being taken
   * until that transaction ends.
   */
  fence(): Promise<void>;
  /** Gives the hold up. */
  release(): Promise<void>;
}
