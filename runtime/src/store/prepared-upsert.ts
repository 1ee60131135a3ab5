import { type Column, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

type Key<T extends SQLiteTable> = keyof T['$inferInsert'] & string;

export interface PreparedUpsert<T extends SQLiteTable> {
  run(row: T['$inferInsert']): void;
}

/**
 * `INSERT ... ON CONFLICT (target) DO UPDATE SET <update> = excluded.<update>`, prepared once and
 * run for every row: drizzle building the same statement again for every file cost more than SQLite
 * running it. The values are bound as plain parameters and encoded here, column by column, the way
 * drizzle encodes them (dates to epoch milliseconds, JSON to text); null stays null (drizzle's own
 * placeholders call the encoder on null too, and a null timestamp throws).
 */
export function preparedUpsert<T extends SQLiteTable>(
  db: BetterSQLite3Database<Record<string, unknown>>,
  table: T,
  keys: readonly Key<T>[],
  target: readonly Key<T>[],
  update: readonly Key<T>[],
): PreparedUpsert<T> {
  const columns = getTableColumns(table) as Record<string, Column>;
  const values = Object.fromEntries(keys.map((k) => [k, sql`${sql.placeholder(k)}`]));
  const set = Object.fromEntries(update.map((k) => [k, sql.raw(`excluded."${columns[k]!.name}"`)])) as Record<string, SQL>;
  const statement = db
    .insert(table)
    .values(values as T['$inferInsert'])
    .onConflictDoUpdate({ target: target.map((k) => columns[k] as SQLiteColumn), set })
    .prepare();
  return {
    run(row) {
      const params: Record<string, unknown> = {};
      for (const k of keys) {
        const v = (row as Record<string, unknown>)[k];
        params[k] = v === null || v === undefined ? null : columns[k]!.mapToDriverValue(v);
      }
      statement.run(params);
    },
  };
}
