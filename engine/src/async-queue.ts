/**
 * A bounded FIFO between two nodes. `push` waits while the queue is full, which is how a slow sink
 * slows its source down instead of letting listed files pile up in memory.
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly takers: ((v: T | undefined) => void)[] = [];
  private readonly pushers: (() => void)[] = [];
  private closed = false;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  async push(item: T): Promise<void> {
    if (this.closed) throw new Error('queue is closed');
    const taker = this.takers.shift();
    if (taker) return taker(item);
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.pushers.push(resolve));
    }
    if (this.closed) throw new Error('queue is closed');
    this.items.push(item);
  }

  /** The next item, or undefined once the queue is closed and empty. */
  async take(): Promise<T | undefined> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.pushers.shift()?.();
      return item;
    }
    if (this.closed) return undefined;
    return new Promise((resolve) => this.takers.push(resolve));
  }

  /**
   * The next item if one comes within `ms`; undefined when none did, or the queue is closed and
   * empty. A taker that timed out is withdrawn, so no item is handed to it later and lost.
   */
  async takeWithin(ms: number): Promise<T | undefined> {
    if (this.items.length || this.closed) return this.take();
    if (ms <= 0) return undefined;
    return new Promise((resolve) => {
      const taker = (v: T | undefined) => {
        clearTimeout(timer);
        resolve(v);
      };
      const timer = setTimeout(() => {
        const at = this.takers.indexOf(taker);
        if (at >= 0) this.takers.splice(at, 1);
        resolve(undefined);
      }, ms);
      this.takers.push(taker);
    });
  }

  /** No more pushes; takers get what is left, then undefined. */
  close(): void {
    this.closed = true;
    for (const t of this.takers.splice(0)) t(undefined);
    for (const p of this.pushers.splice(0)) p();
  }

  /** Removes and returns everything still queued (used when a run is cancelled). */
  drain(): T[] {
    const out = this.items.splice(0);
    for (const p of this.pushers.splice(0)) p();
    return out;
  }
}
