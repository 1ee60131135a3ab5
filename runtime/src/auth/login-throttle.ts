/**
 * Slows password guessing: after `maxFailures` wrong passwords for one user name within `windowMs`,
 * sign-in for that name is refused until the window has passed. scrypt already makes each guess
 * cost ~100 ms; this bounds how many guesses one name can take. Kept in memory (a restart clears
 * it), with a bounded number of names.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly maxNames = 10_000,
  ) {}

  /** Milliseconds until this name may try again, or 0. */
  retryAfterMs(name: string, now = Date.now()): number {
    const recent = this.recent(name, now);
    return recent.length >= this.maxFailures ? recent[0]! + this.windowMs - now : 0;
  }

  fail(name: string, now = Date.now()): void {
    const times = [...this.recent(name, now), now].slice(-this.maxFailures);
    // Deleted and set again: the map stays ordered by last failure, oldest first.
    this.failures.delete(name);
    if (this.failures.size >= this.maxNames) this.evictOne(now);
    this.failures.set(name, times);
  }

  /**
   * Makes room for one name: the oldest name whose failures have left the window, else the oldest
   * name that is not locked out. A locked name goes only when every name is locked (to push one out,
   * a guesser would have to lock out `maxNames` other names within the window, at scrypt's cost per
   * guess), so spraying made-up names cannot reset someone's lockout.
   */
  private evictOne(now: number): void {
    let oldestLocked: string | undefined;
    for (const [key, times] of this.failures) {
      const recent = times.filter((t) => now - t < this.windowMs);
      if (recent.length < this.maxFailures) {
        this.failures.delete(key);
        return;
      }
      oldestLocked ??= key;
    }
    if (oldestLocked !== undefined) this.failures.delete(oldestLocked);
  }

  succeed(name: string): void {
    this.failures.delete(name);
  }

  private recent(name: string, now: number): number[] {
    return (this.failures.get(name) ?? []).filter((t) => now - t < this.windowMs);
  }
}
