import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { clientOf, storeDbOf } from '../src/store-client.ts';
import type { Store } from '../src/open-store.ts';

/** drizzle's SQL template, for the dialect-neutral helpers below: `testSql\`select ... where name = ${name}\``. */
export { sql as testSql } from 'drizzle-orm';

// TEST ONLY. SQL straight at a store's database, for tests that must see what no repository shows
// (the raw bytes of a stored secret, a row count after a crash) or must age a row past a deadline.
// Product code never imports this entry: every query it makes belongs to a repository. The calls
// are synchronous and do not take the store lock (store/README.md): make them between awaits, when
// no transaction is open, or they read its uncommitted rows.

// The synchronous helpers are SQLite's (`?` placeholders), for tests that run on SQLite only. A test
// of the dialect matrix (vitest.config.ts, BOTH_DIALECTS) uses the `Async` ones: the query is a
// `testSql` template, whose values each dialect binds its own way (`?`, `$1`), and they wait for the
// store lock on SQLite like any repository call. Rows come as the driver gives them: on SQLite a
// moment is epoch milliseconds, on PostgreSQL a Date; a bigint is a string on PostgreSQL.

/** The rows of one read query, on either dialect. */
export async function testSqlRowsAsync<T = Record<string, unknown>>(store: Store, query: SQL): Promise<T[]> {
  const c = storeDbOf(store);
  return c.run(async () => {
    const db = c.db() as unknown as Driver<T>;
    return c.dialect === 'sqlite' ? db.all(query) : (await db.execute(query)).rows;
  });
}

/** Runs one write statement on either dialect; returns how many rows it changed. */
export async function testSqlRunAsync(store: Store, statement: SQL): Promise<number> {
  const c = storeDbOf(store);
  return c.run(async () => {
    const db = c.db() as unknown as Driver<never>;
    return c.dialect === 'sqlite' ? db.run(statement).changes : ((await db.execute(statement)).rowCount ?? 0);
  });
}

/** What each dialect's drizzle client runs raw SQL with (better-sqlite3's synchronous `all`/`run`, node-postgres' `execute`). */
interface Driver<T> {
  all(query: SQL): T[];
  run(query: SQL): { changes: number };
  execute(query: SQL): Promise<{ rows: T[]; rowCount: number | null }>;
}

/** The rows of one read query. */
export function testSqlRows<T = Record<string, unknown>>(store: Store, query: string, ...params: unknown[]): T[] {
  return clientOf(store)
    .sqlite.prepare(query)
    .all(...params) as T[];
}

/** Runs one write statement; returns how many rows it changed. */
export function testSqlRun(store: Store, statement: string, ...params: unknown[]): number {
  return clientOf(store)
    .sqlite.prepare(statement)
    .run(...params).changes;
}

/**
 * A read-only connection to the database of a store that another process has open (a runtime
 * under test, killed and restarted): nothing is migrated or written, so the reader cannot change
 * what the test observes.
 */
export function openTestSqlReader(dataDir: string): { rows<T = Record<string, unknown>>(query: string, ...params: unknown[]): T[]; close(): void } {
  const db = new Database(join(dataDir, 'sluice.db'), { readonly: true });
  return { rows: <T>(query: string, ...params: unknown[]) => db.prepare(query).all(...params) as T[], close: () => void db.close() };
}
