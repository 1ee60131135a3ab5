import type { SQL } from 'drizzle-orm';
import type { BaseSQLiteDatabase, SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type * as schema from './db/schema.ts';

/** Every table of the store, by name (the SQLite tables' types; `StoreDb.t` explains why). */
export type Tables = typeof schema;

/**
 * The query builder a repository writes with: drizzle's, typed as SQLite's asynchronous one. On a
 * PostgreSQL store it is drizzle's node-postgres client over the PostgreSQL tables, whose builders
 * take the same calls and give the same rows (`db/pg/same-rows.test.ts`); the type is SQLite's so
 * that one repository serves both. What a repository may use, therefore: builders it awaits,
 * `.returning()` (a row count is the length of what it returns), `.onConflictDoUpdate`/`DoNothing`,
 * drizzle's operators, and `sql` only through `StoreDb.sql` where the dialects spell it apart. Not
 * `.run()`, `.all()`, `.get()` or `.values()` (SQLite's own), nor a result's `changes`/`rowCount`:
 * the store suites run on both dialects and fail on either.
 */
export type QueryDb = BaseSQLiteDatabase<'async', unknown, Tables>;

export type Dialect = 'sqlite' | 'postgres';

/** The SQL the two dialects spell differently, as fragments a repository puts in its queries. */
export interface DialectSql {
  /** The text at a JSON path (`$.a.b`) of a JSON column, or null: `json_extract` / `#>>`. */
  jsonText(column: SQLiteColumn, path: readonly string[]): SQL;
  /** Whether a JSON column's object has the key, whatever its value (null included). */
  jsonHas(column: SQLiteColumn, key: string): SQL;
  /** A moment (a column, or an aggregate of one such as `max(col)`) as epoch milliseconds, a number. */
  epochMs(moment: SQL | SQLiteColumn): SQL<number>;
  /** The sum of an integer column as a number, 0 over no rows. */
  total(column: SQLiteColumn): SQL<number>;
}

/**
 * A store's connection as its repositories use it, one of each dialect (sqlite/sqlite-store-db.ts,
 * pg/pg-store-db.ts). A repository method is `async`, wraps its queries in `run` (one call's
 * statements, kept apart from other callers' transactions) or `atomic` (statements that must commit
 * together), and queries `db()` with the tables of `t`.
 */
export interface StoreDb {
  readonly dialect: Dialect;
  /**
   * The tables of this store's dialect. Typed as the SQLite tables: PostgreSQL's have the same
   * names, columns and row shapes (same-rows.test.ts), and drizzle builds each dialect's SQL from the
   * table objects and client it is given, whatever their static types.
   */
  readonly t: Tables;
  /** Where a query of the calling async context runs (its transaction's connection, or the pool). */
  db(): QueryDb;
  readonly sql: DialectSql;
  /**
   * Runs one repository call's statements: on SQLite holding the store lock (no other caller's
   * transaction open meanwhile), on PostgreSQL as they come. Not a transaction: each write commits
   * on its own unless the caller is inside one.
   */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** `fn`'s statements in one transaction (a savepoint inside the caller's). */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Inside `atomic` or a transaction: waits until no other transaction, of any process, holds the
   * lock named `name`, and holds it until this transaction ends. For a read-then-write that counts
   * or changes rows other processes count or change too (the run claim's limits, a run's key
   * list). On SQLite nothing to take: a write transaction already excludes every other writer
   * (BEGIN IMMEDIATE); on PostgreSQL a transaction-scoped advisory lock.
   */
  exclusive(name: string): Promise<void>;
  /**
   * `exclusive` without the wait: true when the lock is now held by this transaction, false when
   * another transaction holds it. For a taker that would rather pass a row over than wait for it
   * while holding locks of its own (which could close a cycle of waits).
   */
  tryExclusive(name: string): Promise<boolean>;
  /** The store's `transaction` (open-store.ts says what it promises). */
  transaction<T>(fn: () => Promise<T> | T): Promise<T>;
  inTransaction(): boolean;
  detached<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): Promise<void>;
}
