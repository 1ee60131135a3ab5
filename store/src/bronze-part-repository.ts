import type { BronzePart, BronzeSchemaVersion, PartWriter } from '@sluice/sdk';
import { and, asc, eq } from 'drizzle-orm';
import { bronzePartStatements } from './bronze-part-statements.ts';
import type { StoreDb } from './store-db.ts';
import { holdsNul, refuseNul } from './storable-text.ts';

/** A committed part named by its path and the run that wrote it, which together name its figures too. */
export interface PartPath {
  path: string;
  runId: string;
}

/**
 * The Bronze table manifests: tables `bronze_parts` and `bronze_schemas`, and no other. A part may
 * hold a batch of source files, so `bronze_parts` has one row per (part, file): a path may be listed
 * several times, and whatever counts or publishes parts goes by `paths` (each path once). It is the
 * sdk's PartWriter; nodes reach it through NodeStore (reads) and StoreTx (writes, in the
 * transaction that also writes the file's checkpoint). The per-file statements are the dialect's
 * (bronze-part-statements.ts: prepared once per store on SQLite). A source key holding U+0000 is
 * refused, as a checkpoint key is (storable-text.ts).
 */
export class BronzePartRepository implements PartWriter {
  private readonly s;

  constructor(private readonly c: StoreDb) {
    this.s = bronzePartStatements(c);
  }

  /** The parts that hold a source file's rows now, in path order, each with that file's rows only. */
  async partsOf(table: string, sourceNode: string, sourceKey: string): Promise<BronzePart[]> {
    return holdsNul(sourceKey) ? [] : this.s.partsOf(table, sourceNode, sourceKey);
  }

  /** The parts of each file, in the order given (one query per few hundred files on PostgreSQL). */
  async partsOfFiles(table: string, files: readonly { sourceNode: string; key: string }[]): Promise<BronzePart[][]> {
    const storable = files.filter((f) => !holdsNul(f.key));
    const found = storable.length ? await this.s.partsOfFiles(table, storable) : [];
    let i = 0;
    return files.map((f) => (holdsNul(f.key) ? [] : found[i++]!));
  }

  /** Every (part, file) of a table, in path order, then source node and key: a part of several files is listed once for each. */
  async list(table: string): Promise<BronzePart[]> {
    const { bronzeParts } = this.c.t;
    return this.c.run(() =>
      this.c
        .db()
        .select()
        .from(bronzeParts)
        .where(eq(bronzeParts.table, table))
        .orderBy(asc(bronzeParts.path), asc(bronzeParts.sourceNode), asc(bronzeParts.sourceKey)),
    );
  }

  /**
   * Every file's row of one part, by source node and key (none if the part is not committed): which
   * files share a part, what replacing one of them copy-on-write has to carry over.
   */
  async filesIn(table: string, path: string): Promise<BronzePart[]> {
    return this.s.filesIn(table, path);
  }

  /**
   * The parts of a table as path and run only, each path once (a part's files share its run), in
   * path order, for the checks the sink makes on
   * every run (which files in storage the manifest lists, and whether the manifest snapshot is
   * current): at 10,000 parts it costs 7-10 ms where `list` (every column, dates mapped) costs
   * 27-58 ms.
   */
  async paths(table: string): Promise<PartPath[]> {
    const rows = await this.s.pathRows(table);
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
    const { bronzeParts, bronzeSchemas } = this.c.t;
    const { parts, schemas } = await this.c.run(async () => ({
      parts: await this.c.db().selectDistinct({ table: bronzeParts.table }).from(bronzeParts),
      schemas: await this.c.db().selectDistinct({ table: bronzeSchemas.table }).from(bronzeSchemas),
    }));
    return [...new Set([...parts, ...schemas].map((r) => r.table))].sort();
  }

  async schemaVersions(table: string): Promise<BronzeSchemaVersion[]> {
    return this.s.schemaVersions(table);
  }

  async add(part: BronzePart): Promise<void> {
    refuseNul('source key', part.sourceKey);
    await this.s.add(part);
  }

  /** Each entry, as `add` one after the other would: a later entry of the same part and file wins. */
  async addMany(parts: readonly BronzePart[]): Promise<void> {
    const last = new Map<string, BronzePart>();
    for (const part of parts) {
      refuseNul('source key', part.sourceKey);
      const id = JSON.stringify([part.table, part.path, part.sourceNode, part.sourceKey]);
      last.delete(id);
      last.set(id, part);
    }
    if (last.size) await this.s.addMany([...last.values()]);
  }

  /** Removes a part: every file's row of it. */
  async remove(table: string, path: string): Promise<void> {
    await this.s.remove(table, path);
  }

  async holdTable(table: string): Promise<void> {
    await this.c.exclusive(`sluice.bronze-table:${table}`);
  }

  async addSchemaVersion(v: BronzeSchemaVersion): Promise<void> {
    const { bronzeSchemas } = this.c.t;
    // Inserted unless the version is there (a concurrent writer's included), then compared with it.
    const existing = await this.c.run(async () => {
      const added = await this.c.db().insert(bronzeSchemas).values(v).onConflictDoNothing().returning({ version: bronzeSchemas.version });
      if (added.length) return undefined;
      const [found] = await this.c
        .db()
        .select()
        .from(bronzeSchemas)
        .where(and(eq(bronzeSchemas.table, v.table), eq(bronzeSchemas.version, v.version)));
      return found;
    });
    // Re-recording the same version (a retried file) is harmless; a different one means two writers disagree.
    if (existing && JSON.stringify(existing.columns) !== JSON.stringify(v.columns)) {
      throw new Error(`schema version ${v.version} of Bronze table ${v.table} already exists with other columns`);
    }
  }
}
