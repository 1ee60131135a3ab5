import { randomBytes } from 'node:crypto';
import { withoutPassword } from '@sluice/store';
import { createTestPgDatabase, type TestPgDatabase } from '@sluice/store/testing/postgres';

/**
 * A fresh PostgreSQL database for one measurement (the machine's server, or
 * SLUICE_TEST_POSTGRES_URL's), dropped by `drop`, and the environment every process of that store
 * shares: its URL and one credentials key (each process would otherwise make its own).
 */
export async function benchPostgresStore(env: NodeJS.ProcessEnv = process.env): Promise<{ db: TestPgDatabase; env: NodeJS.ProcessEnv }> {
  const db = await createTestPgDatabase();
  return { db, env: { ...env, SLUICE_DATABASE_URL: db.url, SLUICE_CREDENTIALS_KEY: env.SLUICE_CREDENTIALS_KEY ?? randomBytes(32).toString('hex') } };
}

/** Why the PostgreSQL cases cannot run here (no server to make a database on), or undefined. */
export async function postgresProblem(): Promise<string | undefined> {
  try {
    await (await createTestPgDatabase()).drop();
    return undefined;
  } catch (err) {
    const e = err as Error & { code?: string };
    const url = process.env.SLUICE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
    return withoutPassword(`PostgreSQL is not reachable at ${url} (${e.code ?? e.message})`, url);
  }
}
