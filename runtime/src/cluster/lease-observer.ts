/** Hears this process gain and lose the leader lease (runtime/src/cluster/leadership.ts); quick, never throws. */
export interface LeaseObserver {
  /** This process took the lease at this fencing epoch: it leads. */
  gained(epoch: number): void;
  /** A renewal found that another process holds the lease now: this one no longer leads. */
  lost(epoch: number): void;
}
