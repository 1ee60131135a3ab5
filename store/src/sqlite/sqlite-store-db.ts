import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DbClient } from '../db-client.ts';
import * as schema from '../db/schema.ts';
import type { DialectSql, QueryDb, StoreDb } from '../store-db.ts';

/** JSON path text for SQLite's json functions: `$."a"."b"` (keys quoted, so any key is taken literally). */
function jsonPath(path: readonly string[]): string {
  return `$${path.map((k) => `.${JSON.stringify(k)}`).join('')}`;
}

export const sqliteSql: DialectSql = {
  jsonText: (column, path) => sql`json_extract(${column}, ${jsonPath(path)})`,
  jsonHas: (column, key) => sql`json_type(${column}, ${jsonPath([key])}) is not null`,
  // Moments are kept as integer epoch milliseconds already.
  epochMs: (moment: SQL | SQLiteColumn) => sql<number>`${moment}`.mapWith(Number),
  total: (column) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number),
};

/** The connection under each SQLite StoreDb, for the statements a hot path prepares once (`sqliteClientOf`). */
const clients = new WeakMap<StoreDb, DbClient>();

/**
 * The better-sqlite3 connection and lock of a SQLite store's StoreDb; undefined on another dialect.
 * For the per-file statements of the checkpoint and Bronze part repositories only, which SQLite runs
 * prepared once (one connection, so a statement prepared at construction serves every caller); a
 * PostgreSQL query built on the pool would not run in the caller's transaction.
 */
export function sqliteClientOf(c: StoreDb): DbClient | undefined {
  return clients.get(c);
}

/**
 * The SQLite store's connection for its repositories: the one better-sqlite3 connection shared
 * under the store lock (db-client.ts). A call's statements run holding the lock, so that no other
 * caller's transaction is open on the connection meanwhile; from inside a transaction they go
 * straight on.
 */
export function sqliteStoreDb(client: DbClient, close: () => void): StoreDb {
  const db = client.db as unknown as QueryDb;
  const c: StoreDb = {
    dialect: 'sqlite',
    t: schema,
    db: () => db,
    sql: sqliteSql,
    run: (fn) => (client.lock.heldHere() ? fn() : client.lock.hold(() => fn(), { plain: true })),
    atomic: (fn) => client.transaction(fn),
    exclusive: async () => {
      if (!client.lock.inTransactionHere()) throw new Error('StoreDb.exclusive outside a transaction');
    },
    tryExclusive: async () => {
      if (!client.lock.inTransactionHere()) throw new Error('StoreDb.tryExclusive outside a transaction');
      return true;
    },
    transaction: (fn) => client.transaction(fn),
    inTransaction: () => client.lock.inTransactionHere(),
    detached: (fn) => client.lock.detached(fn),
    close: async () => close(),
  };
  clients.set(c, client);
  return c;
}
