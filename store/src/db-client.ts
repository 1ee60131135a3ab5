import type { Database } from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './db/schema.ts';

/** The typed drizzle client and the raw connection it wraps (for synchronous transactions). */
export interface DbClient {
  db: BetterSQLite3Database<typeof schema>;
  sqlite: Database;
}

/**
 * Runs `fn` in one write transaction (BEGIN IMMEDIATE, so that a reader never has to upgrade its
 * lock and meet SQLITE_BUSY halfway). Nested calls become savepoints. `fn` must be synchronous:
 * a promise would escape the transaction, so it is refused and the transaction rolled back.
 */
export function writeTransaction<T>(client: DbClient, fn: () => T): T {
  const tx = client.sqlite.transaction(() => {
    const result = fn();
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      throw new TypeError('a store transaction must be synchronous: the function returned a promise');
    }
    return result;
  });
  return client.sqlite.inTransaction ? tx() : tx.immediate();
}
