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
    if (!this.failures.has(name) && this.failures.size >= this.maxNames) {
      for (const [key, times] of this.failures) if (times.every((t) => now - t >= this.windowMs)) this.failures.delete(key);
      if (this.failures.size >= this.maxNames) this.failures.delete(this.failures.keys().next().value!);
    }
    this.failures.set(name, [...this.recent(name, now), now].slice(-this.maxFailures));
  }

  succeed(name: string): void {
    this.failures.delete(name);
  }

  private recent(name: string, now: number): number[] {
    return (this.failures.get(name) ?? []).filter((t) => now - t < this.windowMs);
  }
}
