import type { GraphDocument } from '@sluice/sdk';
import { count, desc, eq, sql } from 'drizzle-orm';
import { graphs, type GraphRow } from './db/graphs-table.ts';
import type { DbClient } from './db-client.ts';
import { newGraphId } from './ids.ts';
import type { Page } from './page.ts';

export type GraphUpdate = { ok: true; graph: GraphRow } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'conflict'; revision: number };

export class GraphRepository {
  constructor(private readonly c: DbClient) {}

  async create(doc: GraphDocument, options: { id?: string; baseDir?: string; now?: Date } = {}): Promise<GraphRow> {
    const now = options.now ?? new Date();
    const row: GraphRow = {
      id: options.id ?? newGraphId(doc.name),
      name: doc.name,
      document: doc,
      createdAt: now,
      updatedAt: now,
      revision: 1,
      baseDir: options.baseDir ?? null,
    };
    return this.c.locked(() => {
      this.c.db.insert(graphs).values(row).run();
      return row;
    });
  }

  async get(id: string): Promise<GraphRow | undefined> {
    return this.c.locked(() => this.row(id));
  }

  async list(limit: number, offset: number): Promise<Page<GraphRow>> {
    return this.c.locked(() => {
      const items = this.c.db.select().from(graphs).orderBy(desc(graphs.updatedAt), graphs.id).limit(limit).offset(offset).all();
      const total = this.c.db.select({ n: count() }).from(graphs).get()?.n ?? 0;
      return { items, total, limit, offset };
    });
  }

  /**
   * Replaces a graph's document. With `expectedRevision`, refuses when someone saved in between
   * (optimistic locking), so that two editors never silently overwrite each other.
   */
  async update(id: string, doc: GraphDocument, expectedRevision?: number, now = new Date()): Promise<GraphUpdate> {
    return this.c.atomic((): GraphUpdate => {
      const current = this.row(id);
      if (!current) return { ok: false, reason: 'not-found' };
      if (expectedRevision !== undefined && expectedRevision !== current.revision) {
        return { ok: false, reason: 'conflict', revision: current.revision };
      }
      const graph = { ...current, name: doc.name, document: doc, updatedAt: now, revision: current.revision + 1 };
      this.c.db.update(graphs).set({ name: graph.name, document: doc, updatedAt: now, revision: graph.revision }).where(eq(graphs.id, id)).run();
      return { ok: true, graph };
    });
  }

  /** Every graph's id and name, by id: what an import checks its name against. */
  async names(): Promise<Pick<GraphRow, 'id' | 'name'>[]> {
    return this.c.locked(() => this.c.db.select({ id: graphs.id, name: graphs.name }).from(graphs).orderBy(graphs.id).all());
  }

  /** Every graph's id, revision and document, by id: what the trigger index is built from. */
  async documents(): Promise<Pick<GraphRow, 'id' | 'revision' | 'document'>[]> {
    return this.c.locked(() => this.c.db.select({ id: graphs.id, revision: graphs.revision, document: graphs.document }).from(graphs).orderBy(graphs.id).all());
  }

  /**
   * A mark that changes whenever a graph is created, saved or deleted (count, latest save, sum of
   * revisions): one aggregate query, cheap enough to ask per request, so an edit made by any
   * process on the same store is seen at once.
   */
  async changeMark(): Promise<string> {
    const row = await this.c.locked(() =>
      this.c.db
        .select({ n: sql<number>`count(*)`, at: sql<number>`coalesce(max(${graphs.updatedAt}), 0)`, rev: sql<number>`total(${graphs.revision})` })
        .from(graphs)
        .get(),
    );
    return `${row?.n}:${row?.at}:${row?.rev}`;
  }

  /**
   * True when a stored graph's webhook names this credential as its secret (`settings.triggers.
   * webhook.secretRef`, enabled or not). Read from the documents at each call, so that a graph saved
   * a moment ago counts at once.
   */
  async namesWebhookSecret(name: string): Promise<boolean> {
    const ref = sql`json_extract(${graphs.document}, '$.settings.triggers.webhook.secretRef')`;
    return this.c.locked(() => this.c.db.select({ id: graphs.id }).from(graphs).where(sql`${ref} = ${name}`).limit(1).get() !== undefined);
  }

  /** Deletes the graph and, through the foreign keys, its runs and their logs. */
  async delete(id: string): Promise<boolean> {
    return this.c.locked(() => this.c.db.delete(graphs).where(eq(graphs.id, id)).run().changes === 1);
  }

  private row(id: string): GraphRow | undefined {
    return this.c.db.select().from(graphs).where(eq(graphs.id, id)).get();
  }
}
