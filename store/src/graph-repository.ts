import type { GraphDocument } from '@sluice/sdk';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { GraphRow } from './db/graphs-table.ts';
import { newGraphId } from './ids.ts';
import type { Page } from './page.ts';
import type { StoreDb } from './store-db.ts';

export type GraphUpdate = { ok: true; graph: GraphRow } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'conflict'; revision: number };

export class GraphRepository {
  constructor(private readonly c: StoreDb) {}

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
    await this.c.run(() => this.c.db().insert(this.c.t.graphs).values(row));
    return row;
  }

  async get(id: string): Promise<GraphRow | undefined> {
    return this.c.run(() => this.row(id));
  }

  async list(limit: number, offset: number): Promise<Page<GraphRow>> {
    const { graphs } = this.c.t;
    return this.c.run(async () => {
      const items = await this.c.db().select().from(graphs).orderBy(desc(graphs.updatedAt), graphs.id).limit(limit).offset(offset);
      const [total] = await this.c.db().select({ n: count() }).from(graphs);
      return { items, total: total?.n ?? 0, limit, offset };
    });
  }

  /**
   * Replaces a graph's document. With `expectedRevision`, refuses when someone saved in between
   * (optimistic locking), so that two editors never silently overwrite each other: the update names
   * the revision it read, so a save committed in between (another process's) makes it change nothing.
   */
  async update(id: string, doc: GraphDocument, expectedRevision?: number, now = new Date()): Promise<GraphUpdate> {
    const { graphs } = this.c.t;
    return this.c.atomic(async (): Promise<GraphUpdate> => {
      const current = await this.row(id);
      if (!current) return { ok: false, reason: 'not-found' };
      if (expectedRevision !== undefined && expectedRevision !== current.revision) {
        return { ok: false, reason: 'conflict', revision: current.revision };
      }
      const graph = { ...current, name: doc.name, document: doc, updatedAt: now, revision: current.revision + 1 };
      const saved = await this.c
        .db()
        .update(graphs)
        .set({ name: graph.name, document: doc, updatedAt: now, revision: graph.revision })
        .where(and(eq(graphs.id, id), eq(graphs.revision, current.revision)))
        .returning({ id: graphs.id });
      if (saved.length === 1) return { ok: true, graph };
      const latest = await this.row(id);
      return latest ? { ok: false, reason: 'conflict', revision: latest.revision } : { ok: false, reason: 'not-found' };
    });
  }

  /** Every graph's id and name, by id: what an import checks its name against. */
  async names(): Promise<Pick<GraphRow, 'id' | 'name'>[]> {
    const { graphs } = this.c.t;
    return this.c.run(() => this.c.db().select({ id: graphs.id, name: graphs.name }).from(graphs).orderBy(graphs.id));
  }

  /** Every graph's id, revision and document, by id: what the trigger index is built from. */
  async documents(): Promise<Pick<GraphRow, 'id' | 'revision' | 'document'>[]> {
    const { graphs } = this.c.t;
    return this.c.run(() => this.c.db().select({ id: graphs.id, revision: graphs.revision, document: graphs.document }).from(graphs).orderBy(graphs.id));
  }

  /**
   * A mark that changes whenever a graph is created, saved or deleted (count, latest save, sum of
   * revisions): one aggregate query, cheap enough to ask per request, so an edit made by any
   * process on the same store is seen at once.
   */
  async changeMark(): Promise<string> {
    const { graphs } = this.c.t;
    const [row] = await this.c.run(() =>
      this.c
        .db()
        .select({ n: count(), at: this.c.sql.epochMs(sql`max(${graphs.updatedAt})`), rev: this.c.sql.total(graphs.revision) })
        .from(graphs),
    );
    return `${row?.n}:${row?.at ?? 0}:${row?.rev}`;
  }

  /**
   * True when a stored graph's webhook names this credential as its secret (`settings.triggers.
   * webhook.secretRef`, enabled or not). Read from the documents at each call, so that a graph saved
   * a moment ago counts at once.
   */
  async namesWebhookSecret(name: string): Promise<boolean> {
    const { graphs } = this.c.t;
    const ref = this.c.sql.jsonText(graphs.document, ['settings', 'triggers', 'webhook', 'secretRef']);
    const found = await this.c.run(() => this.c.db().select({ id: graphs.id }).from(graphs).where(sql`${ref} = ${name}`).limit(1));
    return found.length > 0;
  }

  /** Deletes the graph and, through the foreign keys, its runs and their logs. */
  async delete(id: string): Promise<boolean> {
    const { graphs } = this.c.t;
    const gone = await this.c.run(() => this.c.db().delete(graphs).where(eq(graphs.id, id)).returning({ id: graphs.id }));
    return gone.length === 1;
  }

  private async row(id: string): Promise<GraphRow | undefined> {
    const { graphs } = this.c.t;
    const [row] = await this.c.db().select().from(graphs).where(eq(graphs.id, id)).limit(1);
    return row;
  }
}
