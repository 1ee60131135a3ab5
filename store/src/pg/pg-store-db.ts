import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/pg/schema.ts';
import type { DialectSql, QueryDb, StoreDb, Tables } from '../store-db.ts';
import type { PgClient } from './pg-client.ts';

/** A literal text array for `#>>`: `{a,b}` with each key quoted, so any key is taken literally. */
function jsonPath(path: readonly string[]): string {
  return `{${path.map((k) => `"${k.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export const pgSql: DialectSql = {
  jsonText: (column, path) => sql`(${column} #>> ${jsonPath(path)}::text[])`,
  // `json` (not jsonb) has no `?`: a key is there when its value's type is known, `null` included.
  jsonHas: (column, key) => sql`json_typeof(${column} -> ${key}::text) is not null`,
  epochMs: (moment: SQL | SQLiteColumn) => sql<number>`floor(extract(epoch from ${moment}) * 1000)`.mapWith(Number),
  // sum(integer) is a bigint, which node-postgres hands over as text.
  total: (column) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number),
};

/**
 * The PostgreSQL store's connection for its repositories: a pooled connection per query, or the
 * calling context's transaction. No store-wide lock: concurrent transactions are kept apart by the
 * database's own row locks and isolation.
 */
export function pgStoreDb(client: PgClient): StoreDb {
  return {
    dialect: 'postgres',
    // The PostgreSQL tables under the SQLite tables' type (StoreDb.t).
    t: schema as unknown as Tables,
    db: () => client.db() as unknown as QueryDb,
    sql: pgSql,
    run: (fn) => fn(),
    atomic: (fn) => client.transaction(fn),
    transaction: (fn) => client.transaction(fn),
    inTransaction: () => client.inTransaction(),
    detached: (fn) => client.detached(fn),
    close: () => client.close(),
  };
}
