import type { BronzePart, BronzeSchemaVersion } from '@sluice/sdk';
import { and, asc, eq, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbClient } from './db-client.ts';
import * as sqliteTables from './db/schema.ts';
import { builtUpsert, preparedUpsert } from './prepared-upsert.ts';
import { sqliteClientOf } from './sqlite/sqlite-store-db.ts';
import type { Awaitable } from './checkpoint-statements.ts';
import type { StoreDb, Tables } from './store-db.ts';

/**
 * What every landed file costs the Bronze manifest (BronzePartRepository), one implementation per
 * dialect, each the fastest it allows: SQLite's statements are prepared once per store (its one
 * connection serves every caller); PostgreSQL's are built on `db()` at each call, so that they run
 * in the caller's transaction. SQLite's answer at once when the store lock is free or held here
 * (`DbClient.locked`): the repository's one `async` method around each adds no other turn per file.
 */
export interface BronzePartStatements {
  /** The parts of one source file, in path order. */
  partsOf(table: string, sourceNode: string, sourceKey: string): Awaitable<BronzePart[]>;
  /** The parts of each file, in the order given, each in path order. */
  partsOfFiles(table: string, files: readonly SourceOf[]): Awaitable<BronzePart[][]>;
  /** Every (path, run) of a table's rows, in path order (a path once per file of its part). */
  pathRows(table: string): Awaitable<[path: string, runId: string][]>;
  filesIn(table: string, path: string): Awaitable<BronzePart[]>;
  schemaVersions(table: string): Awaitable<BronzeSchemaVersion[]>;
  add(part: BronzePart): Awaitable<void>;
  /** Rows distinct by (table, path, source node, source key). */
  addMany(parts: readonly BronzePart[]): Awaitable<void>;
  remove(table: string, path: string): Awaitable<void>;
}

export function bronzePartStatements(c: StoreDb): BronzePartStatements {
  const sqlite = sqliteClientOf(c);
  return sqlite ? preparedStatements(sqlite) : builtStatements(c);
}

type Parts = Pick<Tables, 'bronzeParts'>;
/** A source file as the manifest names it. */
export interface SourceOf {
  sourceNode: string;
  key: string;
}
/** Keys (or rows) per statement on PostgreSQL: far below its 65,535 bound parameters, and a batch of files is one or two. */
const CHUNK = 500;
/** A value, or one of SQLite's placeholders. */
type Bound = string | SQLWrapper;

// Each query's rows, over values or (SQLite, prepared once) placeholders of the same names.
const ofSource = ({ bronzeParts }: Parts, table: Bound, sourceNode: Bound, sourceKey: Bound): SQL =>
  and(eq(bronzeParts.table, table), eq(bronzeParts.sourceNode, sourceNode), eq(bronzeParts.sourceKey, sourceKey)) as SQL;
const ofPart = ({ bronzeParts }: Parts, table: Bound, path: Bound): SQL => and(eq(bronzeParts.table, table), eq(bronzeParts.path, path)) as SQL;
const UPSERT = ['table', 'path', 'sourceNode', 'sourceKey'] as const;
const fileKey = (sourceNode: string, key: string) => `${sourceNode}\0${key}`;

/** The distinct keys of `files` by source node. */
function keysByNode(files: readonly SourceOf[]): Map<string, string[]> {
  const by = new Map<string, Set<string>>();
  for (const f of files) by.set(f.sourceNode, (by.get(f.sourceNode) ?? new Set()).add(f.key));
  return new Map([...by].map(([node, keys]) => [node, [...keys]]));
}
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function builtStatements(c: StoreDb): BronzePartStatements {
  const { bronzeParts, bronzeSchemas } = c.t;
  const upsert = builtUpsert(bronzeParts, UPSERT);
  return {
    partsOf: (table, sourceNode, sourceKey) =>
      c.run(() =>
        c
          .db()
          .select()
          .from(bronzeParts)
          .where(ofSource(c.t, table, sourceNode, sourceKey))
          .orderBy(asc(bronzeParts.path)),
      ),
    partsOfFiles: (table, files) =>
      c.run(async () => {
        const found = new Map<string, BronzePart[]>();
        for (const [sourceNode, keys] of keysByNode(files)) {
          for (let i = 0; i < keys.length; i += CHUNK) {
            const rows = await c
              .db()
              .select()
              .from(bronzeParts)
              .where(and(eq(bronzeParts.table, table), eq(bronzeParts.sourceNode, sourceNode), inArray(bronzeParts.sourceKey, keys.slice(i, i + CHUNK))));
            for (const r of rows) found.set(fileKey(r.sourceNode, r.sourceKey), [...(found.get(fileKey(r.sourceNode, r.sourceKey)) ?? []), r]);
          }
        }
        return files.map((f) => (found.get(fileKey(f.sourceNode, f.key)) ?? []).sort(byPath));
      }),
    async pathRows(table) {
      const rows = await c.run(() =>
        c
          .db()
          .select({ path: bronzeParts.path, runId: bronzeParts.runId })
          .from(bronzeParts)
          .where(eq(bronzeParts.table, table))
          .orderBy(asc(bronzeParts.path)),
      );
      return rows.map((r) => [r.path, r.runId]);
    },
    filesIn: (table, path) =>
      c.run(() =>
        c
          .db()
          .select()
          .from(bronzeParts)
          .where(ofPart(c.t, table, path))
          .orderBy(asc(bronzeParts.sourceNode), asc(bronzeParts.sourceKey)),
      ),
    schemaVersions: (table) => c.run(() => c.db().select().from(bronzeSchemas).where(eq(bronzeSchemas.table, table)).orderBy(asc(bronzeSchemas.version))),
    async add(part) {
      await c.run(() => upsert(c.db(), part));
    },
    async addMany(parts) {
      await c.run(async () => {
        for (let i = 0; i < parts.length; i += CHUNK) await upsert(c.db(), parts.slice(i, i + CHUNK));
      });
    },
    async remove(table, path) {
      await c.run(() =>
        c
          .db()
          .delete(bronzeParts)
          .where(ofPart(c.t, table, path)),
      );
    },
  };
}

/**
 * SQLite: the statements prepared once per store: drizzle building the same query again for every
 * file cost more than SQLite running it. Each runs in one synchronous step under the store lock.
 */
function preparedStatements(client: DbClient): BronzePartStatements {
  const { db } = client;
  const { bronzeParts, bronzeSchemas } = sqliteTables;
  const p = sql.placeholder;
  const partsOfSource = db
    .select()
    .from(bronzeParts)
    .where(ofSource(sqliteTables, p('table'), p('sourceNode'), p('sourceKey')))
    .prepare();
  const pathsOfTable = db
    .select({ path: bronzeParts.path, runId: bronzeParts.runId })
    .from(bronzeParts)
    .where(eq(bronzeParts.table, p('table')))
    // The primary key (table, path, source_node, source_key) gives this order for free, and
    // with it a part's files next to each other (see BronzePartRepository.paths).
    .orderBy(asc(bronzeParts.path))
    .prepare();
  const filesOfPart = db
    .select()
    .from(bronzeParts)
    .where(ofPart(sqliteTables, p('table'), p('path')))
    .orderBy(asc(bronzeParts.sourceNode), asc(bronzeParts.sourceKey))
    .prepare();
  const versionsOf = db
    .select()
    .from(bronzeSchemas)
    .where(eq(bronzeSchemas.table, p('table')))
    .orderBy(asc(bronzeSchemas.version))
    .prepare();
  const upsertPart = preparedUpsert(db, bronzeParts, UPSERT);
  const removePart = db
    .delete(bronzeParts)
    .where(ofPart(sqliteTables, p('table'), p('path')))
    .prepare();
  return {
    // Sorted here, not by SQL: with `ORDER BY path` SQLite walks the primary key (table, path) and
    // scans the whole table for every file (0.4 ms per call at 2,000 parts, growing with the table)
    // instead of using bronze_parts_source_idx (0.006 ms).
    partsOf: (table, sourceNode, sourceKey) => client.locked(() => partsOfSource.all({ table, sourceNode, sourceKey }).sort(byPath)),
    // In-process: a prepared look-up per file costs less than building an IN list.
    partsOfFiles: (table, files) =>
      client.locked(() => files.map((f) => partsOfSource.all({ table, sourceNode: f.sourceNode, sourceKey: f.key }).sort(byPath))),
    // Rows read as arrays: drizzle's mapping of each row cost about as much again as the query.
    pathRows: (table) => client.locked(() => pathsOfTable.values({ table }) as [string, string][]),
    filesIn: (table, path) => client.locked(() => filesOfPart.all({ table, path })),
    schemaVersions: (table) => client.locked(() => versionsOf.all({ table })),
    add: (part) => client.locked(() => upsertPart.run(part)),
    addMany: (parts) =>
      client.locked(() => {
        for (const part of parts) upsertPart.run(part);
      }),
    remove: (table, path) =>
      client.locked(() => {
        removePart.run({ table, path });
      }),
  };
}
