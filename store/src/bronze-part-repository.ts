import type { BronzePart, BronzeSchemaVersion, PartWriter } from '@sluice/sdk';
import { and, asc, eq, sql } from 'drizzle-orm';
import { bronzeParts, bronzeSchemas } from './db/bronze-tables.ts';
import type { DbClient } from './db-client.ts';
import { preparedUpsert } from './prepared-upsert.ts';

/** A committed part named by its path and the run that wrote it, which together name its figures too. */
export interface PartPath {
  path: string;
  runId: string;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The Bronze table manifests: tables `bronze_parts` and `bronze_schemas`, and no other. It is the
 * sdk's PartWriter; nodes reach it through NodeStore (reads) and StoreTx (writes, in the
 * transaction that also writes the file's checkpoint). The per-file statements are prepared once
 * per store: drizzle building the same query again for every file cost more than SQLite running it.
 */
export class BronzePartRepository implements PartWriter {
  private readonly partsOfSource;
  private readonly pathsOfTable;
  private readonly versionsOf;
  private readonly upsertPart;
  private readonly removePart;

  constructor(private readonly c: DbClient) {
    this.partsOfSource = c.db
      .select()
      .from(bronzeParts)
      .where(
        and(
          eq(bronzeParts.table, sql.placeholder('table')),
          eq(bronzeParts.sourceNode, sql.placeholder('sourceNode')),
          eq(bronzeParts.sourceKey, sql.placeholder('sourceKey')),
        ),
      )
      .prepare();
    this.pathsOfTable = c.db
      .select({ path: bronzeParts.path, runId: bronzeParts.runId })
      .from(bronzeParts)
      .where(eq(bronzeParts.table, sql.placeholder('table')))
      // The primary key (table, path) gives this order for free.
      .orderBy(asc(bronzeParts.path))
      .prepare();
    this.versionsOf = c.db
      .select()
      .from(bronzeSchemas)
      .where(eq(bronzeSchemas.table, sql.placeholder('table')))
      .orderBy(asc(bronzeSchemas.version))
      .prepare();
    this.upsertPart = preparedUpsert(c.db, bronzeParts, ['table', 'path']);
    this.removePart = c.db
      .delete(bronzeParts)
      .where(and(eq(bronzeParts.table, sql.placeholder('table')), eq(bronzeParts.path, sql.placeholder('path'))))
      .prepare();
  }

  /**
   * The parts that hold a source file's rows now, in path order. Sorted here, not by SQL: with
   * `ORDER BY path` SQLite walks the primary key (table, path) and scans the whole table for every
   * file (0.4 ms per call at 2,000 parts, growing with the table) instead of using
   * bronze_parts_source_idx (0.006 ms).
   */
  partsOf(table: string, sourceNode: string, sourceKey: string): BronzePart[] {
    return this.partsOfSource.all({ table, sourceNode, sourceKey }).sort(byPath);
  }

  list(table: string): BronzePart[] {
    return this.c.db.select().from(bronzeParts).where(eq(bronzeParts.table, table)).orderBy(asc(bronzeParts.path)).all();
  }

  /**
   * The parts of a table as path and run only, in path order, for the checks the sink makes on
   * every run (which files in storage the manifest lists, and whether the manifest snapshot is
   * current): at 10,000 parts it costs 7-10 ms where `list` (every column, dates mapped) costs
   * 27-58 ms. Rows are read as arrays: drizzle's mapping of each row cost about as much again.
   */
  paths(table: string): PartPath[] {
    return (this.pathsOfTable.values({ table }) as [string, string][]).map(([path, runId]) => ({ path, runId }));
  }

  /** Every table the manifests know (parts or schema versions), in order: what start-up recovery sweeps. */
  tables(): string[] {
    const parts = this.c.db.selectDistinct({ table: bronzeParts.table }).from(bronzeParts).all();
    const schemas = this.c.db.selectDistinct({ table: bronzeSchemas.table }).from(bronzeSchemas).all();
    return [...new Set([...parts, ...schemas].map((r) => r.table))].sort();
  }

  schemaVersions(table: string): BronzeSchemaVersion[] {
    return this.versionsOf.all({ table });
  }

  add(part: BronzePart): void {
    this.upsertPart.run(part);
  }

  remove(table: string, path: string): void {
    this.removePart.run({ table, path });
  }

  addSchemaVersion(v: BronzeSchemaVersion): void {
    const existing = this.c.db
      .select()
      .from(bronzeSchemas)
      .where(and(eq(bronzeSchemas.table, v.table), eq(bronzeSchemas.version, v.version)))
      .get();
    if (!existing) {
      this.c.db.insert(bronzeSchemas).values(v).run();
      return;
    }
    // Re-recording the same version (a retried file) is harmless; a different one means two writers disagree.
    if (JSON.stringify(existing.columns) !== JSON.stringify(v.columns)) {
      throw new Error(`schema version ${v.version} of Bronze table ${v.table} already exists with other columns`);
    }
  }
}
