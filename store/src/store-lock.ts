import { AsyncLocalStorage } from 'node:async_hooks';

/** A first-in, first-out lock: `release` hands it straight to the next waiter, so nobody overtakes. */
class Fifo {
  private locked = false;
  private readonly waiters: (() => void)[] = [];

  get busy(): boolean {
    return this.locked;
  }

  /** Takes the lock if it is free; false when someone holds it (or waits for it). */
  tryAcquire(): boolean {
    if (this.locked) return false;
    this.locked = true;
    return true;
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}

/** One holding of the lock: a transaction, or a savepoint inside one. */
interface Hold {
  /** False once its function has ended: work it left behind no longer counts as inside it. */
  active: boolean;
  depth: number;
  /** Transactions in this hold's chain, itself included: a plain hold (`hold(fn, { plain: true })`) is none. */
  txDepth: number;
  parent: Hold | undefined;
  /** Nested holds of this one take turns: two savepoints open side by side would release each other. */
  readonly inner: Fifo;
}

/** The context of work that must run outside any hold, wherever it was started (`detached`). */
const OUTSIDE: Hold = { active: false, depth: -1, txDepth: 0, parent: undefined, inner: new Fifo() };

/** Whether work of this hold's context still runs inside the lock: it and every hold it is nested in go on. */
function going(hold: Hold | undefined): hold is Hold {
  for (let h = hold; h; h = h.parent) if (!h.active) return false;
  return hold !== undefined;
}

/**
 * The store's one connection, shared by every caller of one process: a transaction holds it across
 * `await`s, so that nothing of another caller runs on the connection while it is open (it would join
 * that transaction and be rolled back with it, or read its uncommitted rows).
 *
 * - `hold(fn)` holds the lock for the whole of `fn`, first in first served. The async context that
 *   `fn` runs in (AsyncLocalStorage: its awaits, the calls it makes) holds it: `hold` from there nests
 *   (a savepoint, one at a time per level) and `run` goes straight on.
 * - `run(fn)` runs a synchronous piece of work (one repository call): at once when the lock is free
 *   or held by the calling context, else after the holds queued before it. Synchronous, it cannot
 *   be interleaved with anything, so it need not hold the lock while the lock is free.
 *
 * Deadlock: code inside a hold must reach the store only through calls made in its own context. If
 * it awaits a store call started elsewhere (a promise made before the hold, or by a timer or event
 * handler of another context), that call waits for the hold and the hold for it. Work started from
 * inside a hold (a timer, a queued microtask) inherits its context: while the hold lasts, its store
 * calls join the transaction, so start such work outside (see `detached`).
 */
export class StoreLock {
  private readonly context = new AsyncLocalStorage<Hold>();
  private readonly outer = new Fifo();

  /** Whether the calling async context holds the lock (is inside a transaction). */
  heldHere(): boolean {
    return going(this.context.getStore());
  }

  /** Runs `fn` when no other context holds the lock: at once if it is free or held here. */
  run<T>(fn: () => T): T | Promise<T> {
    if (!this.outer.busy || this.heldHere()) return fn();
    return this.outer.acquire().then(() => {
      try {
        return fn();
      } finally {
        this.outer.release();
      }
    });
  }

  /** Whether the calling async context is inside a transaction: a hold that is not plain. */
  inTransactionHere(): boolean {
    const here = this.context.getStore();
    return going(here) && here.txDepth > 0;
  }

  /**
   * Runs `fn` holding the lock or, from a context that holds it, nested in that hold. `fn` is given
   * the number of transactions enclosing it (0: none, it opens one; more: it is a savepoint). A
   * `plain` hold is one repository call's several statements: it keeps other callers out but is no
   * transaction, so a transaction started inside it is the outermost. Rejects without running `fn`
   * when the enclosing hold ended while this one waited: a transaction that did not await its nested one.
   */
  async hold<T>(fn: (txDepth: number) => Promise<T>, options: { plain?: boolean } = {}): Promise<T> {
    const here = this.context.getStore();
    const nested = going(here) ? here : undefined;
    const lock = nested ? nested.inner : this.outer;
    if (!lock.tryAcquire()) await lock.acquire();
    const enclosing = nested?.txDepth ?? 0;
    const hold: Hold = { active: true, depth: nested ? nested.depth + 1 : 0, txDepth: enclosing + (options.plain ? 0 : 1), parent: nested, inner: new Fifo() };
    try {
      if (nested && !going(nested)) throw new Error('a nested store transaction started after its enclosing transaction ended (a missing await?)');
      return await this.context.run(hold, () => fn(enclosing));
    } finally {
      hold.active = false;
      lock.release();
    }
  }

  /**
   * Whether a hold nested in the calling context's is still going: checked before a transaction
   * commits, so that one that did not await its nested transaction fails instead of committing half.
   */
  nestedBusy(): boolean {
    return this.context.getStore()?.inner.busy === true;
  }

  /**
   * `fn`, wrapped to run outside any hold whatever context calls it: for work that a caller inside
   * a transaction schedules but that must not join it (a worker woken to claim a run just queued).
   */
  detached<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args) => this.context.run(OUTSIDE, () => fn(...args));
  }
}
