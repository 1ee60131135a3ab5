import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AuthStore, connectStore, openAuthStore } from '@sluice/store';

/**
 * The auth tables of a data folder's store (or of the PostgreSQL store SLUICE_DATABASE_URL names),
 * for `sluice token|user|login-url`. These take no data-folder lock: they touch only the auth tables,
 * each change in one transaction, so they may run beside a running server (SQLite's WAL and busy
 * timeout order the writes). `create` allows a fresh folder (a user or token made before the first
 * start); the others want an existing SQLite store.
 */
export async function openAuthData(dataDir: string, env: NodeJS.ProcessEnv, opts: { create: boolean }): Promise<{ auth: AuthStore; close(): Promise<void> }> {
  if (!env.SLUICE_DATABASE_URL && !opts.create && !existsSync(join(dataDir, 'sluice.db'))) {
    throw new Error(`no Sluice data in ${dataDir}: pass the --data folder of your server (or set SLUICE_DATA_DIR)`);
  }
  const store = await connectStore({ dataDir, env });
  return { auth: openAuthStore(store), close: () => store.close() };
}
