import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AuthStore, openAuthStore } from '@sluice/store';
import { openStore } from '@sluice/store';

/**
 * The auth tables of a data folder, for `sluice token|user|login-url`. These take no data-folder
 * lock: they touch only the auth tables, each change in one transaction, so they may run beside a
 * running server (SQLite's WAL and busy timeout order the writes). `create` allows a fresh folder
 * (a user or token made before the first start); the others want an existing store.
 */
export function openAuthData(dataDir: string, opts: { create: boolean }): { auth: AuthStore; close(): void } {
  if (!opts.create && !existsSync(join(dataDir, 'sluice.db'))) {
    throw new Error(`no Sluice data in ${dataDir}: pass the --data folder of your server (or set SLUICE_DATA_DIR)`);
  }
  const store = openStore({ dataDir });
  return { auth: openAuthStore(store), close: () => store.close() };
}
