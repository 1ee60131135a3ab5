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
 * The Bronze table manifests: tables `bronze_parts` and `bronze_schemas`, and no other. A part may
 * hold a batch of source files, so `bronze_parts` has one row per (part, file): a path may be listed
 * several times, and whatever counts or publishes parts goes by `paths` (each path once). It is the
 * sdk's PartWriter; nodes reach it through NodeStore (reads) and StoreTx (writes, in the
 * transaction that also writes the file's checkpoint). The per-file statements are prepared once
 * per store: drizzle building the same query again for every file cost more than SQLite running it.
 */
export class BronzePartRepository implements PartWriter {
  private readonly partsOfSource;
  private readonly pathsOfTable;
  private readonly filesOfPart;
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
      // The primary key (table, path, source_node, source_key) gives this order for free, and
      // with it a part's files next to each other (see `paths`).
      .orderBy(asc(bronzeParts.path))
      .prepare();
    this.filesOfPart = c.db
      .select()
      .from(bronzeParts)
      .where(and(eq(bronzeParts.table, sql.placeholder('table')), eq(bronzeParts.path, sql.placeholder('path'))))
      .orderBy(asc(bronzeParts.sourceNode), asc(bronzeParts.sourceKey))
      .prepare();
    this.versionsOf = c.db
      .select()
      .from(bronzeSchemas)
      .where(eq(bronzeSchemas.table, sql.placeholder('table')))
      .orderBy(asc(bronzeSchemas.version))
      .prepare();
    this.upsertPart = preparedUpsert(c.db, bronzeParts, ['table', 'path', 'sourceNode', 'sourceKey']);
    this.removePart = c.db
      .delete(bronzeParts)
      .where(and(eq(bronzeParts.table, sql.placeholder('table')), eq(bronzeParts.path, sql.placeholder('path'))))
      .prepare();
  }

  /**
   * The parts that hold a source file's rows now, in path order, each with that file's rows only. Sorted here, not by SQL: with
   * `ORDER BY path` SQLite walks the primary key (table, path) and scans the whole table for every
   * file (0.4 ms per call at 2,000 parts, growing with the table) instead of using
   * bronze_parts_source_idx (0.006 ms).
   */
  async partsOf(table: string, sourceNode: string, sourceKey: string): Promise<BronzePart[]> {
    return this.c.locked(() => this.partsOfSource.all({ table, sourceNode, sourceKey }).sort(byPath));
  }

  /** Every (part, file) of a table, in path order, then source node and key: a part of several files is listed once for each. */
  async list(table: string): Promise<BronzePart[]> {
    return this.c.locked(() =>
      this.c.db
        .select()
        .from(bronzeParts)
        .where(eq(bronzeParts.table, table))
        .orderBy(asc(bronzeParts.path), asc(bronzeParts.sourceNode), asc(bronzeParts.sourceKey))
        .all(),
    );
  }

  /**
   * Every file's row of one part, by source node and key (none if the part is not committed): which
   * files share a part, what replacing one of them copy-on-write has to carry over.
   */
  async filesIn(table: string, path: string): Promise<BronzePart[]> {
    return this.c.locked(() => this.filesOfPart.all({ table, path }));
  }

  /**
   * The parts of a table as path and run only, each path once (a part's files share its run), in
   * path order, for the checks the sink makes on
   * every run (which files in storage the manifest lists, and whether the manifest snapshot is
   * current): at 10,000 parts it costs 7-10 ms where `list` (every column, dates mapped) costs
   * 27-58 ms. Rows are read as arrays: drizzle's mapping of each row cost about as much again.
   */
  async paths(table: string): Promise<PartPath[]> {
    const rows = (await this.c.locked(() => this.pathsOfTable.values({ table }))) as [string, string][];
    const out: PartPath[] = [];
    // A part's rows come next to each other in path order, so skipping a repeated path is enough; no
    // DISTINCT, which makes SQLite build a temporary b-tree of every path it reads.
    for (const [path, runId] of rows) {
      if (out.at(-1)?.path !== path) out.push({ path, runId });
    }
    return out;
  }

  /** Every table the manifests know (parts or schema versions), in order: what start-up recovery sweeps. */
  async tables(): Promise<string[]> {
    const { parts, schemas } = await this.c.locked(() => ({
      parts: this.c.db.selectDistinct({ table: bronzeParts.table }).from(bronzeParts).all(),
      schemas: this.c.db.selectDistinct({ table: bronzeSchemas.table }).from(bronzeSchemas).all(),
    }));
    return [...new Set([...parts, ...schemas].map((r) => r.table))].sort();
  }

  async schemaVersions(table: string): Promise<BronzeSchemaVersion[]> {
    return this.c.locked(() => this.versionsOf.all({ table }));
  }

  async add(part: BronzePart): Promise<void> {
    await this.c.locked(() => this.upsertPart.run(part));
  }

  /** Removes a part: every file's row of it. */
  async remove(table: string, path: string): Promise<void> {
    await this.c.locked(() => this.removePart.run({ table, path }));
  }

  async addSchemaVersion(v: BronzeSchemaVersion): Promise<void> {
    const existing = await this.c.locked(() => {
      const found = this.c.db
        .select()
        .from(bronzeSchemas)
        .where(and(eq(bronzeSchemas.table, v.table), eq(bronzeSchemas.version, v.version)))
        .get();
      if (!found) this.c.db.insert(bronzeSchemas).values(v).run();
      return found;
    });
    // Re-recording the same version (a retried file) is harmless; a different one means two writers disagree.
    if (existing && JSON.stringify(existing.columns) !== JSON.stringify(v.columns)) {
      throw new Error(`schema version ${v.version} of Bronze table ${v.table} already exists with other columns`);
    }
  }
}
