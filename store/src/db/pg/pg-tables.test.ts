import { asc } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSqlRows } from '../../../testing/test-sql.ts';
import { createTestPgDatabase, type TestPgDatabase } from '../../../testing/test-postgres.ts';
import { PG_MIGRATIONS_DIR } from '../../pg/pg-client.ts';
import { clientOf } from '../../store-client.ts';
import { openTempStore, type TempStore } from '../../temp-store.ts';
import * as sqliteTables from '../schema.ts';
import * as pgTables from './schema.ts';

let database: TestPgDatabase;
let pool: pg.Pool;
let temp: TempStore;

beforeAll(async () => {
  database = await createTestPgDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  temp = openTempStore('sluice-pg-tables-');
});

afterAll(async () => {
  await temp?.dispose();
  await pool?.end();
  await database?.drop();
});

// The same rows written to both dialects must read back the same, so that the repositories of
// either hand their callers identical objects.
describe('the PostgreSQL tables (real server)', () => {
  it('are made by migrations/pg (the tables SQLite has, and leases), and applying them again changes nothing', async () => {
    const db = drizzle(pool, { schema: pgTables });
    await migrate(db, { migrationsFolder: PG_MIGRATIONS_DIR });
    await migrate(db, { migrationsFolder: PG_MIGRATIONS_DIR });
    const { rows } = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    const sqliteTablesMade = testSqlRows<{ name: string }>(
      temp.store,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
    );
    // The tables SQLite has, and those only several processes sharing the database need.
    const pgOnly = ['leases'];
    expect(rows.map((r) => r.table_name)).toEqual([...sqliteTablesMade.map((r) => r.name), ...pgOnly].sort());
  });

  it('read back what SQLite reads back: dates to the millisecond, JSON in its key order, sizes past 32 bits', async () => {
    const db = drizzle(pool, { schema: pgTables });
    const lite = clientOf(temp.store).db;
    const at = new Date('2026-12-07T01:02:03.456Z');
    const graph = { id: 'g1', name: 'g', document: { version: 1, zeta: 1, alpha: { b: 2, a: 1 } } as never, createdAt: at, updatedAt: at, baseDir: null };
    const schema = { table: 't', version: 1, columns: { zulu: 'Utf8', alpha: 'Int64', mike: 'Float64' }, createdAt: at };
    const checkpoint = {
      graphId: 'g1',
      sourceNode: 'src',
      key: 'big.csv',
      size: 2 ** 53 - 1,
      modifiedAt: at,
      etag: 'e',
      versionId: null,
      fingerprint: 'f',
      contentHash: null,
      rows: 5_000_000_000,
      status: 'processed' as const,
      error: null,
      runId: 'r1',
      firstSeenAt: at,
      updatedAt: at,
    };
    await db.insert(pgTables.graphs).values(graph);
    lite.insert(sqliteTables.graphs).values(graph).run();
    await db.insert(pgTables.bronzeSchemas).values(schema);
    lite.insert(sqliteTables.bronzeSchemas).values(schema).run();
    await db.insert(pgTables.checkpoints).values(checkpoint);
    lite.insert(sqliteTables.checkpoints).values(checkpoint).run();

    const pgGraph = (await db.select().from(pgTables.graphs))[0];
    expect(pgGraph).toEqual(lite.select().from(sqliteTables.graphs).get());
    expect(Object.keys(pgGraph!.document)).toEqual(['version', 'zeta', 'alpha']);
    expect(Object.keys((pgGraph!.document as unknown as { alpha: object }).alpha)).toEqual(['b', 'a']);
    const pgSchema = (await db.select().from(pgTables.bronzeSchemas))[0];
    expect(pgSchema).toEqual(lite.select().from(sqliteTables.bronzeSchemas).get());
    expect(Object.keys(pgSchema!.columns)).toEqual(['zulu', 'alpha', 'mike']);
    const pgCheckpoint = (await db.select().from(pgTables.checkpoints))[0];
    expect(pgCheckpoint).toEqual(lite.select().from(sqliteTables.checkpoints).get());
    expect(pgCheckpoint!.modifiedAt!.getTime()).toBe(at.getTime());
    expect(pgCheckpoint!.size).toBe(2 ** 53 - 1);
  });

  it('sort text byte by byte as SQLite does, whatever the database collation', async () => {
    const db = drizzle(pool, { schema: pgTables });
    const lite = clientOf(temp.store).db;
    const keys = ['b.csv', 'B.csv', '_x.csv', 'a b.csv', 'a-b.csv', 'a.csv', 'é.csv', 'Z.csv', '10.csv', '9.csv'];
    const at = new Date(0);
    for (const key of keys) {
      const row = {
        key,
        graphId: 'g2',
        sourceNode: 'src',
        size: 1,
        fingerprint: key,
        status: 'processed' as const,
        runId: 'r',
        firstSeenAt: at,
        updatedAt: at,
      };
      await db.insert(pgTables.checkpoints).values(row);
      lite.insert(sqliteTables.checkpoints).values(row).run();
    }
    const pgOrder = (await db.select({ key: pgTables.checkpoints.key }).from(pgTables.checkpoints).orderBy(asc(pgTables.checkpoints.key))).map((r) => r.key);
    const liteOrder = lite
      .select({ key: sqliteTables.checkpoints.key })
      .from(sqliteTables.checkpoints)
      .orderBy(asc(sqliteTables.checkpoints.key))
      .all()
      .map((r) => r.key);
    expect(pgOrder).toEqual(liteOrder);
    expect(pgOrder.filter((k) => keys.includes(k))).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});
