import type { Database, Statement } from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './db/schema.ts';
import { StoreLock } from './store-lock.ts';

/**
 * The typed drizzle client and the raw connection it wraps, and the lock that shares the one
 * connection between the callers of a process (`StoreLock`). A repository method is `async` and
 * does its synchronous better-sqlite3 work inside `locked` (or `atomic`, several statements
 * committing together), so that it never runs while another caller's transaction is open.
 */
export class DbClient {
  readonly lock = new StoreLock();
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly rollback: Statement;
  /** Savepoint statements by depth, prepared once: SQLite parsing them for every file cost more than running them. */
  private readonly savepoints: { open: Statement; release: Statement; undo: Statement }[] = [];

  constructor(
    readonly db: BetterSQLite3Database<typeof schema>,
    readonly sqlite: Database,
  ) {
    // BEGIN IMMEDIATE takes the write lock at once, so that a reader never has to upgrade its lock
    // and meet SQLITE_BUSY halfway (another process may have the file open).
    this.begin = sqlite.prepare('BEGIN IMMEDIATE');
    this.commit = sqlite.prepare('COMMIT');
    this.rollback = sqlite.prepare('ROLLBACK');
  }

  /**
   * Runs a synchronous piece of repository work on the connection when no other caller's
   * transaction is open: at once if none is (or the caller's own is), else after it. A write
   * outside a transaction commits on its own, as SQLite does. `fn` must be synchronous: work after
   * an `await` would run outside the lock, so a promise is refused.
   */
  locked<T>(fn: () => T): T | Promise<T> {
    return this.lock.run(() => synchronous(fn()));
  }

  /**
   * `locked`, with `fn`'s statements in one write transaction (a savepoint inside the caller's
   * transaction): a repository method whose statements must commit together.
   */
  atomic<T>(fn: () => T): T | Promise<T> {
    return this.lock.run(() => {
      const tx = this.sqlite.transaction(() => synchronous(fn()));
      return this.sqlite.inTransaction ? tx() : tx.immediate();
    });
  }

  /**
   * Runs `fn` in one write transaction holding the store lock: BEGIN IMMEDIATE, COMMIT once `fn`'s
   * promise resolves, ROLLBACK if it rejects (the error is rethrown as it came). Called from inside
   * a transaction's async context it is a savepoint: a failure rolls back only that part.
   */
  transaction<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.lock.hold(async (depth) => {
      const savepoint = depth ? this.savepointAt(depth) : undefined;
      if (savepoint) {
        // SQLite rolls a whole transaction back on some errors (disk full); a savepoint opened then
        // would start a new transaction of its own and commit it on release.
        if (!this.sqlite.inTransaction) throw new Error('the enclosing store transaction was rolled back');
        savepoint.open.run();
      } else {
        this.begin.run();
      }
      let result: T;
      try {
        result = await fn();
        // Its enclosing transaction ended meanwhile: the connection is someone else's now.
        if (!this.lock.heldHere()) throw new Error('a nested store transaction outlived its enclosing transaction (a missing await?)');
        if (this.lock.nestedBusy()) throw new Error('a store transaction ended while a transaction nested in it was still going (a missing await?)');
        (savepoint?.release ?? this.commit).run();
      } catch (err) {
        this.undo(savepoint);
        throw err;
      }
      return result;
    });
  }

  private savepointAt(depth: number): { open: Statement; release: Statement; undo: Statement } {
    let s = this.savepoints[depth];
    if (!s) {
      const name = `sluice_${depth}`;
      s = { open: this.sqlite.prepare(`SAVEPOINT ${name}`), release: this.sqlite.prepare(`RELEASE ${name}`), undo: this.sqlite.prepare(`ROLLBACK TO ${name}`) };
      this.savepoints[depth] = s;
    }
    return s;
  }

  private undo(savepoint: { release: Statement; undo: Statement } | undefined): void {
    // Nothing to undo when SQLite rolled the transaction back itself, nor when the enclosing
    // transaction ended (the connection may be in another caller's transaction now).
    if (!this.sqlite.inTransaction || !this.lock.heldHere()) return;
    if (!savepoint) {
      this.rollback.run();
      return;
    }
    try {
      savepoint.undo.run();
      savepoint.release.run();
    } catch {
      // The savepoint is gone with the enclosing transaction's rollback: nothing of it is left.
    }
  }
}

function synchronous<T>(result: T): T {
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    throw new TypeError('store work under the lock must be synchronous: the function returned a promise');
  }
  return result;
}
