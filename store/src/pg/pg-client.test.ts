import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPgDatabase, type TestPgDatabase } from '../../testing/test-postgres.ts';
import { credentials } from '../db/pg/schema.ts';
import { openPgClient, PG_MIGRATIONS_DIR, type PgClient } from './pg-client.ts';

let database: TestPgDatabase;
const clients: PgClient[] = [];

beforeAll(async () => {
  database = await createTestPgDatabase();
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await database?.drop();
});

async function open(): Promise<PgClient> {
  const client = await openPgClient({ url: database.url, maxConnections: 4 });
  clients.push(client);
  return client;
}

/** How many migrations migrations/pg holds (its journal's entries). */
const pgMigrations = () => (JSON.parse(readFileSync(join(PG_MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

const row = (name: string) => ({ name, value: 'sealed', createdAt: new Date(), updatedAt: new Date() });

async function names(client: PgClient): Promise<string[]> {
  return (await client.db().select({ name: credentials.name }).from(credentials)).map((r) => r.name).sort();
}

describe('openPgClient (real server)', () => {
  it('migrates once when three processes start at the same moment, and says which one made the store', async () => {
    const three = await Promise.all([open(), open(), open()]);
    // What is done once per store (the examples a serve imports) is done by exactly one of them.
    expect(three.filter((c) => c.created)).toHaveLength(1);
    expect((await open()).created).toBe(false);
    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    try {
      const { rows } = await check.query<{ n: string }>('SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
      // One row per migration of migrations/pg, each applied once.
      expect(Number(rows[0]!.n)).toBe(pgMigrations());
    } finally {
      await check.end();
    }
  });

  it('commits a transaction, and rolls one back whole when it throws, with its own error', async () => {
    const client = await open();
    await client.transaction(async () => {
      expect(client.inTransaction()).toBe(true);
      await client.db().insert(credentials).values(row('kept'));
    });
    const boom = new Error('boom');
    await expect(
      client.transaction(async () => {
        await client.db().insert(credentials).values(row('lost'));
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(client.inTransaction()).toBe(false);
    expect(await names(client)).toEqual(['kept']);
  });

  it('rolls back only an inner transaction that fails (a savepoint)', async () => {
    const client = await open();
    await client.transaction(async () => {
      await client.db().insert(credentials).values(row('outer'));
      await expect(
        client.transaction(async () => {
          await client.db().insert(credentials).values(row('inner'));
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    expect(await names(client)).toContain('outer');
    expect(await names(client)).not.toContain('inner');
  });

  it('keeps a transaction to its own async context: a call outside sees only what is committed', async () => {
    const client = await open();
    let inserted!: () => void;
    const insertedOnce = new Promise<void>((r) => {
      inserted = r;
    });
    let finish!: () => void;
    const finishing = new Promise<void>((r) => {
      finish = r;
    });
    const tx = client.transaction(async () => {
      await client.db().insert(credentials).values(row('pending'));
      inserted();
      await finishing;
    });
    await insertedOnce;
    expect(client.inTransaction()).toBe(false);
    const seen = async () => (await client.db().select({ n: count() }).from(credentials).where(eq(credentials.name, 'pending')))[0]!.n;
    expect(await seen()).toBe(0);
    finish();
    await tx;
    expect(await seen()).toBe(1);
  });

  it('names the server and database when it cannot open the store, never the password', async () => {
    const url = new URL(database.url);
    url.password = 'S3cret-Pa55';
    url.pathname = '/sluice_no_such_database';
    const err = await openPgClient({ url: url.toString() }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^cannot open the PostgreSQL store at 127\.0\.0\.1:5432\/sluice_no_such_database: .*does not exist/);
    expect((err as Error).message).not.toContain('S3cret-Pa55');
  });
  it('ends a transaction left idle past its timeout (a paused process): its commit fails, the process and the pool go on', async () => {
    const client = await openPgClient({ url: database.url, maxConnections: 2, idleInTransactionMs: 500 });
    clients.push(client);
    const paused = client.transaction(async () => {
      await client.db().insert(credentials).values(row('paused'));
      // Quiet inside the transaction for longer than the server allows: it ends the session.
      await new Promise((r) => setTimeout(r, 1500));
      await client.db().insert(credentials).values(row('after-pause'));
    });
    const err = await paused.then(
      () => undefined,
      (e: Error) => e,
    );
    // drizzle names the statement that failed; its cause is the server's (or the driver's) reason.
    expect(`${err?.message} ${(err?.cause as Error | undefined)?.message}`).toMatch(
      /idle-in-transaction timeout|Connection terminated|terminating connection|connection error/,
    );
    // Nothing of it was kept, and the next transactions find working connections.
    await client.transaction(async () => {
      await client.db().insert(credentials).values(row('next'));
    });
    expect((await names(client)).filter((n) => ['paused', 'after-pause', 'next'].includes(n))).toEqual(['next']);
    await client.db().delete(credentials).where(eq(credentials.name, 'next'));
  });
});
