import type { DbClient } from './db-client.ts';
import type { StoreDb } from './store-db.ts';

/**
 * The connection behind each open store, kept here and not on the Store: the Store's callers see
 * repositories and `transaction`, never the driver. Only the store's own modules (and its test-only
 * SQL helper) look a connection up.
 */
const clients = new WeakMap<object, { db: StoreDb; legacy: DbClient | undefined }>();

export function bindClient<S extends object>(store: S, db: StoreDb, legacy?: DbClient): S {
  clients.set(store, { db, legacy });
  return store;
}

/** The store's connection as its repositories use it, either dialect. */
export function storeDbOf(store: object): StoreDb {
  const client = clients.get(store);
  if (!client) throw new Error('not a store opened by openStore');
  return client.db;
}

/** The SQLite connection of a store still used by the repositories that serve only SQLite. */
export function clientOf(store: object): DbClient {
  const client = clients.get(store)?.legacy;
  if (!client) throw new Error('not a SQLite store opened by openStore');
  return client;
}
