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
  take(name: string, options: { waitMs: number; signal?: AbortSignal }): Promise<SharedHold>;
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
