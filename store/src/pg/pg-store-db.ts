import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/pg/schema.ts';
import type { DialectSql, QueryDb, StoreDb, Tables } from '../store-db.ts';
import type { PgClient } from './pg-client.ts';

/** A literal text array for `#>>`: `{a,b}` with each key quoted, so any key is taken literally. */
function jsonPath(path: readonly string[]): string {
  return `{${path.map((k) => `"${k.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * A `json` column as its operators can read it. `json` keeps the escape `\u0000` (U+0000, which
 * PostgreSQL text cannot hold) as it came, but every operator that walks such a document fails
 * ("unsupported Unicode escape sequence"), whichever key it asks for: the escape is read as
 * U+FFFD instead, as the text columns keep U+0000 (pg-columns.ts `said`). A literal backslash
 * before `u0000` in a string is read so too: only the strings' contents can change, never the
 * document's shape.
 */
const readable = (column: SQLiteColumn) => sql`replace(${column}::text, '\\u0000', '\\ufffd')::json`;

export const pgSql: DialectSql = {
  jsonText: (column, path) => sql`(${readable(column)} #>> ${jsonPath(path)}::text[])`,
  // `json` (not jsonb) has no `?`: a key is there when its value's type is known, `null` included.
  jsonHas: (column, key) => sql`json_typeof(${readable(column)} -> ${key}::text) is not null`,
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
    exclusive: async (name) => {
      if (!client.inTransaction()) throw new Error('StoreDb.exclusive outside a transaction');
      // Released by the transaction's end (commit or rollback), never by hand.
      await client.db().execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
    },
    tryExclusive: async (name) => {
      if (!client.inTransaction()) throw new Error('StoreDb.tryExclusive outside a transaction');
      const { rows } = await client.db().execute<{ held: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext(${name})) as held`);
      return rows[0]?.held === true;
    },
    transaction: (fn) => client.transaction(fn),
    inTransaction: () => client.inTransaction(),
    detached: (fn) => client.detached(fn),
    close: () => client.close(),
  };
}
