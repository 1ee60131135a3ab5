import type { DbClient } from './db-client.ts';

/**
 * The connection behind each open store, kept here and not on the Store: the Store's callers see
 * repositories and `transaction`, never the driver, so a second dialect can stand behind the same
 * interface. Only the store's own modules (and its test-only SQL helper) look a connection up.
 */
const clients = new WeakMap<object, DbClient>();

export function bindClient<S extends object>(store: S, client: DbClient): S {
  clients.set(store, client);
  return store;
}

export function clientOf(store: object): DbClient {
  const client = clients.get(store);
  if (!client) throw new Error('not a store opened by openStore');
  return client;
}
