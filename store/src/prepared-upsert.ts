import { type Column, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { QueryDb } from './store-db.ts';

type Key<T extends SQLiteTable> = keyof T['$inferInsert'] & string;

export interface PreparedUpsert<T extends SQLiteTable> {
  run(row: T['$inferInsert']): void;
}

/**
 * What an upsert of every column of `table` writes on a conflict on `target`: each other column but
 * those of `keep` (a conflicting row keeps them) from `excluded`, the row offered. Both dialects
 * spell it so; the columns come from the table, so a column added to it is written without touching
 * the callers.
 */
function upsertOf<T extends SQLiteTable>(table: T, target: readonly Key<T>[], keep: readonly Key<T>[]) {
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = Object.keys(columns);
  const update = keys.filter((k) => !(target as readonly string[]).includes(k) && !(keep as readonly string[]).includes(k));
  const set = Object.fromEntries(update.map((k) => [k, sql.raw(`excluded."${columns[k]!.name}"`)])) as Record<string, SQL>;
  return { columns, keys, set, target: target.map((k) => columns[k] as SQLiteColumn) };
}

/**
 * `INSERT <every column> ... ON CONFLICT (target) DO UPDATE SET <the rest> = excluded.<the rest>`,
 * SQLite only, prepared once and run for every row: drizzle building the same statement again for
 * every file cost more than SQLite running it. `keep` names columns a conflicting row keeps (not
 * updated). Values are bound as plain parameters and encoded here, column by column, the way drizzle
 * encodes them (dates to epoch milliseconds, JSON to text); null stays null (drizzle's own
 * placeholders call the encoder on null too, and a null timestamp throws); a missing value takes the
 * column's default.
 */
export function preparedUpsert<T extends SQLiteTable>(
  db: BetterSQLite3Database<Record<string, unknown>>,
  table: T,
  target: readonly Key<T>[],
  keep: readonly Key<T>[] = [],
): PreparedUpsert<T> {
  const { columns, keys, set, target: on } = upsertOf(table, target, keep);
  const values = Object.fromEntries(keys.map((k) => [k, sql`${sql.placeholder(k)}`]));
  const statement = db
    .insert(table)
    .values(values as T['$inferInsert'])
    .onConflictDoUpdate({ target: on, set })
    .prepare();
  return {
    run(row) {
      const params: Record<string, unknown> = {};
      for (const k of keys) {
        const column = columns[k]!;
        const v = (row as Record<string, unknown>)[k] ?? (column.hasDefault ? column.default : undefined);
        params[k] = v === null || v === undefined ? null : column.mapToDriverValue(v);
      }
      statement.run(params);
    },
  };
}

/**
 * The same upsert built on either dialect's `db()` at each call (`StoreDb`): what PostgreSQL runs,
 * where a statement prepared on the pool would not join the caller's transaction. `table` is the
 * dialect's (`StoreDb.t`). Several rows make one statement; they must not conflict with each other
 * (PostgreSQL refuses to update one row twice in a statement).
 */
export function builtUpsert<T extends SQLiteTable>(table: T, target: readonly Key<T>[], keep: readonly Key<T>[] = []) {
  const { set, target: on } = upsertOf(table, target, keep);
  return (db: QueryDb, rows: T['$inferInsert'] | T['$inferInsert'][]) =>
    db
      .insert(table)
      .values(rows as T['$inferInsert'])
      .onConflictDoUpdate({ target: on, set });
}
