import { randomBytes } from 'node:crypto';
import pg from 'pg';

// TEST ONLY. A fresh PostgreSQL database per test file on the machine's server (127.0.0.1:5432,
// trust auth; SLUICE_TEST_POSTGRES_URL names another), dropped at the end. No server is no skip:
// the PostgreSQL suites fail, as they must where the store's second dialect cannot be checked.

const ADMIN_URL = process.env.SLUICE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestPgDatabase {
  /** The connection URL of the new database. */
  url: string;
  /** The rows of one query on the database, over a connection of its own (what no repository shows). */
  rows<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs one query in a transaction left open, over a connection of its own, until `release`
   * (rolled back): whatever locks the query takes (`for update`) are held meanwhile.
   */
  holding(query: string, params?: unknown[]): Promise<{ release(): Promise<void> }>;
  /** Drops the database, closing whatever connections are still open on it. */
  drop(): Promise<void>;
}

/** The test run's process id, which names every database its test processes create (`dropTestPgDatabases`). */
const RUN = process.env.SLUICE_TEST_RUN_PID ?? String(process.ppid);

export async function createTestPgDatabase(): Promise<TestPgDatabase> {
  const name = `sluice_test_${RUN}_${process.pid}_${randomBytes(4).toString('hex')}`;
  // A language's collation (ICU en-US), as most servers have, not the byte order of this machine's
  // default C.UTF-8: a column that must sort as SQLite does shows it here.
  await admin(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    rows: async <T>(query: string, params: unknown[] = []) => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(query, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    holding: async (query: string, params: unknown[] = []) => {
      const client = new pg.Client({ connectionString: url.toString() });
      // Ended by the server (the database dropped after a failed test): told by the query in flight, if any.
      client.on('error', () => {});
      await client.connect();
      try {
        await client.query('begin');
        await client.query(query, params);
      } catch (err) {
        await client.end();
        throw err;
      }
      return {
        release: async () => {
          try {
            await client.query('rollback');
          } finally {
            await client.end();
          }
        },
      };
    },
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Drops every test database the run `runPid` created and left (a test process killed, or one kept for its process's tests). */
export async function dropTestPgDatabases(runPid: number): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch {
    return; // No server: no database of this run's to drop.
  }
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`sluice\\_test\\_${runPid}\\_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
