import { and, count, desc, eq, gt, inArray, isNull, lt, type Placeholder, sql, type SQL } from 'drizzle-orm';
import type { BucketEventRow, BucketEventStatus } from './db/trigger-tables.ts';
import type { Page } from './page.ts';
import type { QueryDb, StoreDb, Tables } from './store-db.ts';

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

/** Keys per `IN (...)` of `versionsOfRun`: well under SQLite's bound-parameter limit. */
const KEYS_PER_QUERY = 500;

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
  /**
   * SQLite: prepared once, as a run reports the keys its source took from the live feed after every
   * batch. PostgreSQL: none (a statement prepared on the pool would run outside the caller's
   * transaction); built per call on `db()`.
   */
  private readonly pick;

  constructor(private readonly c: StoreDb) {
    this.pick =
      c.dialect === 'sqlite' ? pickQuery(c.db(), c.t, sql.placeholder('runId'), sql.placeholder('key'), sql`${sql.placeholder('at')}`).prepare() : undefined;
  }

  /**
   * Records an event as `received` under its object-version identity; undefined when that version
   * is already in the log (the unique index decides, so two racing deliveries cannot both win).
   */
  async insertReceived(fields: BucketEventFields, dedupeKey: string): Promise<number | undefined> {
    const { bucketEvents } = this.c.t;
    const [inserted] = await this.c.run(() =>
      this.c
        .db()
        .insert(bucketEvents)
        .values({ ...fields, dedupeKey, status: 'received' })
        .onConflictDoNothing({ target: bucketEvents.dedupeKey })
        .returning({ id: bucketEvents.id }),
    );
    return inserted?.id;
  }

  /** The event that holds this object-version identity. */
  async idOfVersion(dedupeKey: string): Promise<number | undefined> {
    const { bucketEvents } = this.c.t;
    const [found] = await this.c.run(() =>
      this.c.db().select({ id: bucketEvents.id }).from(bucketEvents).where(eq(bucketEvents.dedupeKey, dedupeKey)).limit(1),
    );
    return found?.id;
  }

  /** Records an event that is finished as it arrives (ignored, a repeated delivery, or a refused request). */
  async insertClosed(fields: BucketEventFields, closed: { status: 'ignored' | 'rejected'; reason: string; duplicateOf?: number }): Promise<number> {
    const { bucketEvents } = this.c.t;
    const [inserted] = await this.c.run(() =>
      this.c
        .db()
        .insert(bucketEvents)
        .values({ ...fields, status: closed.status, reason: closed.reason, duplicateOf: closed.duplicateOf ?? null, finishedAt: fields.receivedAt })
        .returning({ id: bucketEvents.id }),
    );
    if (!inserted) throw new Error('the bucket event was not recorded');
    return inserted.id;
  }

  async linkRun(eventId: number, graphId: string, runId: string): Promise<void> {
    const { bucketEventRuns } = this.c.t;
    await this.c.run(() => this.c.db().insert(bucketEventRuns).values({ eventId, graphId, runId }).onConflictDoNothing());
  }

  /** The events of runs whose keys joined another run (RunKeyLists.joinQueuedKeys) are that run's now. */
  async moveRuns(from: readonly string[], to: string): Promise<void> {
    if (!from.length) return;
    const { bucketEventRuns } = this.c.t;
    await this.c.run(() =>
      this.c
        .db()
        .update(bucketEventRuns)
        .set({ runId: to })
        .where(inArray(bucketEventRuns.runId, [...from])),
    );
  }

  /**
   * What the events queued into or fed to a run said of their objects: where the run's key facts
   * come from. With `keys`, of those keys only (keys fed to a run while it goes, a few at a time).
   */
  async versionsOfRun(runId: string, keys?: readonly string[]): Promise<EventObjectVersion[]> {
    const { bucketEventRuns, bucketEvents } = this.c.t;
    const query = (only?: string[]) =>
      this.c
        .db()
        .select({ bucket: bucketEvents.bucket, key: bucketEvents.key, size: bucketEvents.size, etag: bucketEvents.etag, versionId: bucketEvents.versionId })
        .from(bucketEventRuns)
        .innerJoin(bucketEvents, eq(bucketEvents.id, bucketEventRuns.eventId))
        .where(and(eq(bucketEventRuns.runId, runId), only ? inArray(bucketEvents.key, only) : undefined));
    if (!keys) return this.c.run(() => query());
    return this.c.run(async () => {
      const out: EventObjectVersion[] = [];
      for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) out.push(...(await query(keys.slice(i, i + KEYS_PER_QUERY))));
      return out;
    });
  }

  /** When a running run's source took these keys from its live feed (epoch ms), set once per link. */
  async markPicked(runId: string, takenAt: ReadonlyMap<string, number>): Promise<void> {
    if (!takenAt.size) return;
    const pick = this.pick;
    await this.c.atomic(async () => {
      for (const [key, at] of takenAt) {
        if (pick) await pick.execute({ at, runId, key });
        else await pickQuery(this.c.db(), this.c.t, runId, key, new Date(at));
      }
    });
  }

  async close(id: number, status: Exclude<BucketEventStatus, 'received'>, reason: string | null, at: Date): Promise<void> {
    const { bucketEvents } = this.c.t;
    await this.c.run(() => this.c.db().update(bucketEvents).set({ status, reason, finishedAt: at }).where(eq(bucketEvents.id, id)));
  }

  async get(id: number): Promise<BucketEventView | undefined> {
    const { bucketEvents } = this.c.t;
    return this.c.run(async () => {
      const [row] = await this.c.db().select().from(bucketEvents).where(eq(bucketEvents.id, id)).limit(1);
      return row && (await this.withRuns([row]))[0];
    });
  }

  /** Newest first. */
  async list(filter: EventFilter, limit: number, offset: number): Promise<Page<BucketEventView>> {
    const { bucketEventRuns, bucketEvents } = this.c.t;
    const where: SQL[] = [];
    if (filter.status) where.push(eq(bucketEvents.status, filter.status));
    if (filter.bucket) where.push(eq(bucketEvents.bucket, filter.bucket));
    if (filter.graphId) {
      where.push(
        inArray(bucketEvents.id, this.c.db().select({ id: bucketEventRuns.eventId }).from(bucketEventRuns).where(eq(bucketEventRuns.graphId, filter.graphId))),
      );
    }
    const cond = where.length ? and(...where) : undefined;
    return this.c.run(async () => {
      const rows = await this.c.db().select().from(bucketEvents).where(cond).orderBy(desc(bucketEvents.id)).limit(limit).offset(offset);
      const [total] = await this.c.db().select({ n: count() }).from(bucketEvents).where(cond);
      return { items: await this.withRuns(rows), total: total?.n ?? 0, limit, offset };
    });
  }

  /** `received` events with an id above `afterId` and at least one run, oldest first, with their runs. */
  async received(afterId: number, limit: number): Promise<OpenEvent[]> {
    const { bucketEventRuns, bucketEvents } = this.c.t;
    return this.c.run(async () => {
      const rows = await this.c
        .db()
        .select({ id: bucketEvents.id, bucket: bucketEvents.bucket, key: bucketEvents.key })
        .from(bucketEvents)
        .where(
          and(
            eq(bucketEvents.status, 'received'),
            gt(bucketEvents.id, afterId),
            inArray(bucketEvents.id, this.c.db().select({ id: bucketEventRuns.eventId }).from(bucketEventRuns)),
          ),
        )
        .orderBy(bucketEvents.id)
        .limit(limit);
      const links = await this.linksOf(rows.map((r) => r.id));
      return rows.map((r) => ({ id: r.id, bucket: r.bucket ?? '', key: r.key ?? '', runs: links.get(r.id) ?? [] }));
    });
  }

  /** Deletes events received before `before` (their run links go with them); returns how many. */
  async prune(before: Date): Promise<number> {
    const { bucketEvents } = this.c.t;
    const gone = await this.c.run(() => this.c.db().delete(bucketEvents).where(lt(bucketEvents.receivedAt, before)).returning({ id: bucketEvents.id }));
    return gone.length;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const { bucketEvents } = this.c.t;
    const rows = await this.c.run(() => this.c.db().select({ status: bucketEvents.status, n: count() }).from(bucketEvents).groupBy(bucketEvents.status));
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  private async withRuns(rows: BucketEventRow[]): Promise<BucketEventView[]> {
    const links = await this.linksOf(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, runs: links.get(r.id) ?? [] }));
  }

  /**
   * The run links of these events, each event's by graph id (a link's key: one per watching graph),
   * which both dialects give alike; not the order they were made, which PostgreSQL keeps nowhere.
   */
  private async linksOf(ids: number[]): Promise<Map<number, EventRunLink[]>> {
    const out = new Map<number, EventRunLink[]>();
    if (!ids.length) return out;
    const { bucketEventRuns } = this.c.t;
    const links = await this.c
      .db()
      .select()
      .from(bucketEventRuns)
      .where(inArray(bucketEventRuns.eventId, ids))
      .orderBy(bucketEventRuns.eventId, bucketEventRuns.graphId);
    for (const l of links) out.set(l.eventId, [...(out.get(l.eventId) ?? []), { graphId: l.graphId, runId: l.runId }]);
    return out;
  }
}

/**
 * Sets when a run's source took a key from its live feed, on the run's links to the events of that
 * key not marked yet: with placeholders to prepare once (SQLite), or with one call's values.
 */
function pickQuery(db: QueryDb, t: Tables, runId: string | Placeholder, key: string | Placeholder, at: Date | SQL) {
  const { bucketEventRuns, bucketEvents } = t;
  return db
    .update(bucketEventRuns)
    .set({ pickedAt: at })
    .where(
      and(
        eq(bucketEventRuns.runId, runId),
        isNull(bucketEventRuns.pickedAt),
        inArray(bucketEventRuns.eventId, db.select({ id: bucketEvents.id }).from(bucketEvents).where(eq(bucketEvents.key, key))),
      ),
    );
}
