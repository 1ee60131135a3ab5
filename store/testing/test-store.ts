import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectStore, openStore, type Store } from '../src/open-store.ts';
import type { TempStore } from '../src/temp-store.ts';
import { openTempStore } from '../src/temp-store.ts';
import { createTestPgDatabase, type TestPgDatabase } from './test-postgres.ts';

// TEST ONLY. The store a test of the dialect matrix runs on: SQLite by default, PostgreSQL when
// SLUICE_TEST_STORE=postgres (vitest.config.ts's `postgres` project sets it for the suites that
// run on both). On PostgreSQL one database per test process is created on first use, and every
// store opened emptied first (each test starts from empty tables, as with a fresh SQLite file).

export const TEST_STORE_DIALECT: 'sqlite' | 'postgres' = process.env.SLUICE_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

let database: Promise<{ url: string }> | undefined;

export async function openTestStore(prefix = 'sluice-'): Promise<TempStore> {
  if (TEST_STORE_DIALECT === 'sqlite') return openTempStore(prefix);
  database ??= createTestPgDatabase();
  const { url } = await database;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = await connectStore({ dataDir: dir, databaseUrl: url, maxConnections: 4 });
  await emptyTables(url);
  return {
    dir,
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Another store on the database of `temp` (a test store), as a second process or a restart opens it:
 * SQLite's file in the same folder, or the same PostgreSQL database, not emptied. `env` is the new
 * store's environment (its credentials key); the caller closes it.
 */
export async function reopenTestStore(temp: TempStore, env?: NodeJS.ProcessEnv): Promise<Store> {
  const options = { dataDir: temp.dir, ...(env ? { env } : {}) };
  if (TEST_STORE_DIALECT === 'sqlite') return openStore(options);
  if (!database) throw new Error('no PostgreSQL test store is open');
  return connectStore({ ...options, databaseUrl: (await database).url, maxConnections: 4 });
}

/** Every table of the store emptied, identities restarted (the migrations' own table kept). */
async function emptyTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`);
    if (rows.length) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL database standing for each data folder a test process has opened (`openTestStoreAt`). */
const byDataDir = new Map<string, Promise<TestPgDatabase>>();

/**
 * The store of a data folder, as a test opens it again and again (a run, then another run over the
 * same folder): SQLite's file in the folder, or on PostgreSQL a database of its own for the folder,
 * made on first use in the test process and kept (not emptied) for the folder's later opens.
 */
export async function openTestStoreAt(dataDir: string): Promise<Store> {
  if (TEST_STORE_DIALECT === 'sqlite') return openStore({ dataDir });
  let database = byDataDir.get(dataDir);
  if (!database) {
    database = createTestPgDatabase();
    byDataDir.set(dataDir, database);
  }
  return connectStore({ dataDir, databaseUrl: (await database).url, maxConnections: 4 });
}
