import type { DbClient } from './db-client.ts';
import { sqliteClientOf } from './sqlite/sqlite-store-db.ts';
import type { StoreDb } from './store-db.ts';

/**
 * The connection behind each open store, kept here and not on the Store: the Store's callers see
 * repositories and `transaction`, never the driver. Only the store's own modules (and its test-only
 * SQL helper) look a connection up.
 */
const clients = new WeakMap<object, StoreDb>();

export function bindClient<S extends object>(store: S, db: StoreDb): S {
  clients.set(store, db);
  return store;
}

/** The store's connection as its repositories use it, either dialect. */
export function storeDbOf(store: object): StoreDb {
  const client = clients.get(store);
  if (!client) throw new Error('not a store opened by openStore');
  return client;
}

/** The better-sqlite3 connection of a SQLite store (its tests' raw SQL); a PostgreSQL store has none. */
export function clientOf(store: object): DbClient {
  const client = sqliteClientOf(storeDbOf(store));
  if (!client) throw new Error('not a SQLite store opened by openStore');
  return client;
}
