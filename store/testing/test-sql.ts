import { join } from 'node:path';
import Database from 'better-sqlite3';
import { clientOf } from '../src/store-client.ts';
import type { Store } from '../src/open-store.ts';

// TEST ONLY. SQL straight at a store's database, for tests that must see what no repository shows
// (the raw bytes of a stored secret, a row count after a crash) or must age a row past a deadline.
// Product code never imports this entry: every query it makes belongs to a repository. The calls
// are synchronous and do not take the store lock (store/README.md): make them between awaits, when
// no transaction is open, or they read its uncommitted rows.

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
