import { and, count, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { HookRequestRow, HookRequestStatus } from './db/trigger-tables.ts';
import type { Page } from './page.ts';
import type { StoreDb } from './store-db.ts';

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
  constructor(private readonly c: StoreDb) {}

  /**
   * The request that already used this signature, if any. Inside the caller's transaction it holds
   * the signature's lock (`StoreDb.exclusive`) to that transaction's end: a second request with the
   * same signature, in another process, waits for the first to commit and then finds it (a replay)
   * rather than failing on the unique index once it records itself.
   */
  async signatureUsedBy(signature: string): Promise<number | undefined> {
    const { hookRequests } = this.c.t;
    const [used] = await this.c.atomic(async () => {
      await this.c.exclusive(`sluice.hook_requests.signature:${signature}`);
      return this.c.db().select({ id: hookRequests.id }).from(hookRequests).where(eq(hookRequests.signature, signature)).limit(1);
    });
    return used?.id;
  }

  async record(e: HookRequestEntry): Promise<{ id: number }> {
    const { hookRequests } = this.c.t;
    const [recorded] = await this.c.run(() =>
      this.c
        .db()
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
        .returning({ id: hookRequests.id }),
    );
    if (!recorded) throw new Error('the webhook request was not recorded');
    return recorded;
  }

  /**
   * Retention: deletes requests received before `before`. Safe for replay protection as long as
   * `before` is older than the largest tolerance window: an older signature's timestamp is refused anyway.
   */
  async prune(before: Date): Promise<number> {
    const { hookRequests } = this.c.t;
    const gone = await this.c.run(() => this.c.db().delete(hookRequests).where(lt(hookRequests.receivedAt, before)).returning({ id: hookRequests.id }));
    return gone.length;
  }

  async list(filter: { graphId?: string; status?: HookRequestStatus }, limit: number, offset: number): Promise<Page<HookRequestRow>> {
    const { hookRequests } = this.c.t;
    const where: SQL[] = [];
    if (filter.graphId) where.push(eq(hookRequests.graphId, filter.graphId));
    if (filter.status) where.push(eq(hookRequests.status, filter.status));
    const cond = where.length ? and(...where) : undefined;
    return this.c.run(async () => {
      const items = await this.c.db().select().from(hookRequests).where(cond).orderBy(desc(hookRequests.id)).limit(limit).offset(offset);
      const [total] = await this.c.db().select({ n: count() }).from(hookRequests).where(cond);
      return { items, total: total?.n ?? 0, limit, offset };
    });
  }
}
