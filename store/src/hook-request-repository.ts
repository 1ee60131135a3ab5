import { and, count, desc, eq, lt, type SQL } from 'drizzle-orm';
import { hookRequests, type HookRequestRow, type HookRequestStatus } from './db/trigger-tables.ts';
import type { DbClient } from './db-client.ts';
import type { Page } from './page.ts';

export interface HookRequestEntry {
  receivedAt: Date;
  path: string;
  graphId?: string;
  status: HookRequestStatus;
  httpStatus: number;
  reason?: string;
  runId?: string;
  /** For an accepted signed request: its signature, unique (a second use is a replay). */
  signature?: string;
  remote?: string;
}

/** Every webhook request, written before it is answered: table `hook_requests`, and no other. */
export class HookRequestRepository {
  constructor(private readonly c: DbClient) {}

  /** The request that already used this signature, if any. */
  async signatureUsedBy(signature: string): Promise<number | undefined> {
    return this.c.locked(() => this.c.db.select({ id: hookRequests.id }).from(hookRequests).where(eq(hookRequests.signature, signature)).get()?.id);
  }

  async record(e: HookRequestEntry): Promise<{ id: number }> {
    return this.c.locked(() =>
      this.c.db
        .insert(hookRequests)
        .values({
          receivedAt: e.receivedAt,
          path: e.path.slice(0, 500),
          graphId: e.graphId ?? null,
          status: e.status,
          httpStatus: e.httpStatus,
          reason: e.reason?.slice(0, 2000) ?? null,
          runId: e.runId ?? null,
          signature: e.signature ?? null,
          remote: e.remote ?? null,
        })
        .returning({ id: hookRequests.id })
        .get(),
    );
  }

  /**
   * Retention: deletes requests received before `before`. Safe for replay protection as long as
   * `before` is older than the largest tolerance window: an older signature's timestamp is refused anyway.
   */
  async prune(before: Date): Promise<number> {
    return this.c.locked(() => this.c.db.delete(hookRequests).where(lt(hookRequests.receivedAt, before)).run().changes);
  }

  async list(filter: { graphId?: string; status?: HookRequestStatus }, limit: number, offset: number): Promise<Page<HookRequestRow>> {
    const where: SQL[] = [];
    if (filter.graphId) where.push(eq(hookRequests.graphId, filter.graphId));
    if (filter.status) where.push(eq(hookRequests.status, filter.status));
    const cond = where.length ? and(...where) : undefined;
    return this.c.locked(() => {
      const items = this.c.db.select().from(hookRequests).where(cond).orderBy(desc(hookRequests.id)).limit(limit).offset(offset).all();
      const total = this.c.db.select({ n: count() }).from(hookRequests).where(cond).get()?.n ?? 0;
      return { items, total, limit, offset };
    });
  }
}
