/**
 * What an event stream route has yet to send: events pushed by a listener, and a wait that ends
 * when one comes, when the client leaves (`close`) or after a time (for a heartbeat or a look at
 * the store).
 */
export class EventQueue<E> {
  private pending: E[] = [];
  private wake: (() => void) | undefined;
  closed = false;

  push(event: E): void {
    this.pending.push(event);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** The events pushed so far, emptying the queue. */
  take(): E[] {
    return this.pending.splice(0);
  }

  get size(): number {
    return this.pending.length;
  }

  /** Waits for an event or the close; true when `ms` passed first. Returns at once when one is waiting. */
  async wait(ms: number): Promise<boolean> {
    if (this.pending.length || this.closed) return false;
    const timedOut = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(true), ms);
      this.wake = () => {
        clearTimeout(t);
        resolve(false);
      };
    });
    this.wake = undefined;
    return timedOut;
  }
}
