import { and, count, desc, eq, gt, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { bucketEventRuns, bucketEvents, type BucketEventRow, type BucketEventStatus } from './db/trigger-tables.ts';
import type { DbClient } from './db-client.ts';
import type { Page } from './page.ts';

/** What an event row says about the object and the request, before the log decides its status. */
export type BucketEventFields = Omit<BucketEventRow, 'id' | 'dedupeKey' | 'duplicateOf' | 'status' | 'reason' | 'finishedAt'>;

export interface EventFilter {
  status?: BucketEventStatus;
  graphId?: string;
  bucket?: string;
}

/** The graph runs an event was queued into (one per watching graph; runs may be shared by batching). */
export interface EventRunLink {
  graphId: string;
  runId: string;
}

export type BucketEventView = BucketEventRow & { runs: EventRunLink[] };

/** The object version an event named, as logged (unchecked: the sender's word). */
export type EventObjectVersion = Pick<BucketEventRow, 'bucket' | 'key' | 'size' | 'etag' | 'versionId'>;

/** A `received` event and its runs, for the closing of events whose runs ended. */
export interface OpenEvent {
  id: number;
  bucket: string;
  key: string;
  runs: EventRunLink[];
}

/**
 * The bucket event log: tables `bucket_events` and `bucket_event_runs`, and no other. Writes are
 * meant to run inside the caller's transaction (the intake logs an event with its run in one).
 */
export class BucketEventRepository {
  private readonly pick;

  constructor(private readonly c: DbClient) {
    // Prepared once: a run reports the keys its source took from the live feed after every batch.
    this.pick = c.db
      .update(bucketEventRuns)
      .set({ pickedAt: sql`${sql.placeholder('at')}` })
      .where(
        and(
          eq(bucketEventRuns.runId, sql.placeholder('runId')),
          isNull(bucketEventRuns.pickedAt),
          inArray(
            bucketEventRuns.eventId,
            c.db
              .select({ id: bucketEvents.id })
              .from(bucketEvents)
              .where(eq(bucketEvents.key, sql.placeholder('key'))),
          ),
        ),
      )
      .prepare();
  }

  /**
   * Records an event as `received` under its object-version identity; undefined when that version
   * is already in the log (the unique index decides, so two racing deliveries cannot both win).
   */
  async insertReceived(fields: BucketEventFields, dedupeKey: string): Promise<number | undefined> {
    return this.c.locked(
      () =>
        this.c.db
          .insert(bucketEvents)
          .values({ ...fields, dedupeKey, status: 'received' })
          .onConflictDoNothing({ target: bucketEvents.dedupeKey })
          .returning({ id: bucketEvents.id })
          .get()?.id,
    );
  }

  /** The event that holds this object-version identity. */
  async idOfVersion(dedupeKey: string): Promise<number | undefined> {
    return this.c.locked(() => this.c.db.select({ id: bucketEvents.id }).from(bucketEvents).where(eq(bucketEvents.dedupeKey, dedupeKey)).get()?.id);
  }

  /** Records an event that is finished as it arrives (ignored, a repeated delivery, or a refused request). */
  async insertClosed(fields: BucketEventFields, closed: { status: 'ignored' | 'rejected'; reason: string; duplicateOf?: number }): Promise<number> {
    return this.c.locked(
      () =>
        this.c.db
          .insert(bucketEvents)
          .values({ ...fields, status: closed.status, reason: closed.reason, duplicateOf: closed.duplicateOf ?? null, finishedAt: fields.receivedAt })
          .returning({ id: bucketEvents.id })
          .get().id,
    );
  }

  async linkRun(eventId: number, graphId: string, runId: string): Promise<void> {
    await this.c.locked(() => this.c.db.insert(bucketEventRuns).values({ eventId, graphId, runId }).onConflictDoNothing().run());
  }

  /** What the events queued into or fed to a run said of their objects: where the run's key facts come from. */
  async versionsOfRun(runId: string): Promise<EventObjectVersion[]> {
    return this.c.locked(() =>
      this.c.db
        .select({ bucket: bucketEvents.bucket, key: bucketEvents.key, size: bucketEvents.size, etag: bucketEvents.etag, versionId: bucketEvents.versionId })
        .from(bucketEventRuns)
        .innerJoin(bucketEvents, eq(bucketEvents.id, bucketEventRuns.eventId))
        .where(eq(bucketEventRuns.runId, runId))
        .all(),
    );
  }

  /** When a running run's source took these keys from its live feed (epoch ms), set once per link. */
  async markPicked(runId: string, takenAt: ReadonlyMap<string, number>): Promise<void> {
    if (!takenAt.size) return;
    await this.c.atomic(() => {
      for (const [key, at] of takenAt) this.pick.run({ at, runId, key });
    });
  }

  async close(id: number, status: Exclude<BucketEventStatus, 'received'>, reason: string | null, at: Date): Promise<void> {
    await this.c.locked(() => this.c.db.update(bucketEvents).set({ status, reason, finishedAt: at }).where(eq(bucketEvents.id, id)).run());
  }

  async get(id: number): Promise<BucketEventView | undefined> {
    return this.c.locked(() => {
      const row = this.c.db.select().from(bucketEvents).where(eq(bucketEvents.id, id)).get();
      return row && this.withRuns([row])[0];
    });
  }

  /** Newest first. */
  async list(filter: EventFilter, limit: number, offset: number): Promise<Page<BucketEventView>> {
    const where: SQL[] = [];
    if (filter.status) where.push(eq(bucketEvents.status, filter.status));
    if (filter.bucket) where.push(eq(bucketEvents.bucket, filter.bucket));
    if (filter.graphId) {
      where.push(
        inArray(bucketEvents.id, this.c.db.select({ id: bucketEventRuns.eventId }).from(bucketEventRuns).where(eq(bucketEventRuns.graphId, filter.graphId))),
      );
    }
    const cond = where.length ? and(...where) : undefined;
    return this.c.locked(() => {
      const rows = this.c.db.select().from(bucketEvents).where(cond).orderBy(desc(bucketEvents.id)).limit(limit).offset(offset).all();
      const total = this.c.db.select({ n: count() }).from(bucketEvents).where(cond).get()?.n ?? 0;
      return { items: this.withRuns(rows), total, limit, offset };
    });
  }

  /** `received` events with an id above `afterId` and at least one run, oldest first, with their runs. */
  async received(afterId: number, limit: number): Promise<OpenEvent[]> {
    return this.c.locked(() => {
      const rows = this.c.db
        .select({ id: bucketEvents.id, bucket: bucketEvents.bucket, key: bucketEvents.key })
        .from(bucketEvents)
        .where(
          and(
            eq(bucketEvents.status, 'received'),
            gt(bucketEvents.id, afterId),
            inArray(bucketEvents.id, this.c.db.select({ id: bucketEventRuns.eventId }).from(bucketEventRuns)),
          ),
        )
        .orderBy(bucketEvents.id)
        .limit(limit)
        .all();
      const links = this.linksOf(rows.map((r) => r.id));
      return rows.map((r) => ({ id: r.id, bucket: r.bucket ?? '', key: r.key ?? '', runs: links.get(r.id) ?? [] }));
    });
  }

  /** Deletes events received before `before` (their run links go with them); returns how many. */
  async prune(before: Date): Promise<number> {
    return this.c.locked(() => this.c.db.delete(bucketEvents).where(lt(bucketEvents.receivedAt, before)).run().changes);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.c.locked(() => this.c.db.select({ status: bucketEvents.status, n: count() }).from(bucketEvents).groupBy(bucketEvents.status).all());
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  private withRuns(rows: BucketEventRow[]): BucketEventView[] {
    const links = this.linksOf(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, runs: links.get(r.id) ?? [] }));
  }

  /** The run links of these events, each event's in the order they were made. */
  private linksOf(ids: number[]): Map<number, EventRunLink[]> {
    const out = new Map<number, EventRunLink[]>();
    if (!ids.length) return out;
    const links = this.c.db.select().from(bucketEventRuns).where(inArray(bucketEventRuns.eventId, ids)).orderBy(bucketEventRuns.eventId, sql`rowid`).all();
    for (const l of links) out.set(l.eventId, [...(out.get(l.eventId) ?? []), { graphId: l.graphId, runId: l.runId }]);
    return out;
  }
}
