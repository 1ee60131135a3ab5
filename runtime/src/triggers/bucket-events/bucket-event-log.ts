import { createHash } from 'node:crypto';
import { and, count, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { bucketEventRuns, bucketEvents, type BucketEventRow, type BucketEventStatus } from '@sluice/store/schema';
import { type DbClient, writeTransaction } from '@sluice/store';
import type { Page } from '@sluice/store';
import type { ObjectEvent } from './object-event.ts';

/** Where a request came from and when, shared by every row it writes. */
export interface RequestInfo {
  requestId: string;
  receivedAt: Date;
  remote?: string;
}

export interface EventFilter {
  status?: BucketEventStatus;
  graphId?: string;
  bucket?: string;
}

export type BucketEventView = BucketEventRow & { runs: { graphId: string; runId: string }[] };

/**
 * The identity of one version of one object: bucket, key, version id or ETag, and the sequencer.
 * The sequencer tells an upload of the same bytes again (A, then B, then A: the third must land)
 * from a delivery of the same event again.
 */
export function objectVersionKey(e: ObjectEvent): string {
  const parts = [e.bucket, e.key, e.versionId ?? '', e.etag ?? '', e.sequencer ?? ''];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** The bucket event log (table `bucket_events`); writes are meant to run inside the caller's transaction. */
export class BucketEventLog {
  constructor(private readonly c: DbClient) {}

  /**
   * Records an object event as `received`. Returns the new row's id, or, for an object version
   * already in the log, the id of the first delivery (and logs this one as an ignored duplicate).
   */
  record(e: ObjectEvent, req: RequestInfo, httpStatus: number): { id: number } | { duplicateOf: number; id: number } {
    const dedupeKey = objectVersionKey(e);
    const values = columns(e, req, httpStatus);
    const inserted = this.c.db
      .insert(bucketEvents)
      .values({ ...values, dedupeKey, status: 'received' })
      .onConflictDoNothing({ target: bucketEvents.dedupeKey })
      .returning({ id: bucketEvents.id })
      .get();
    if (inserted) return inserted;
    const first = this.c.db.select({ id: bucketEvents.id }).from(bucketEvents).where(eq(bucketEvents.dedupeKey, dedupeKey)).get()!;
    const dup = this.c.db
      .insert(bucketEvents)
      .values({ ...values, status: 'ignored', duplicateOf: first.id, reason: `repeated delivery of event ${first.id} (same object version): no second run`, finishedAt: req.receivedAt })
      .returning({ id: bucketEvents.id })
      .get();
    return { duplicateOf: first.id, id: dup.id };
  }

  /** Records an event that starts nothing (not a creation, no graph watches it), with the reason. */
  recordIgnored(e: ObjectEvent | undefined, req: RequestInfo, httpStatus: number, reason: string): number {
    return this.insertClosed(e, req, httpStatus, 'ignored', reason);
  }

  /** Records a refused request (unauthenticated, malformed, too big), with the reason. */
  recordRejected(req: RequestInfo, httpStatus: number, reason: string): number {
    return this.insertClosed(undefined, req, httpStatus, 'rejected', reason);
  }

  linkRun(eventId: number, graphId: string, runId: string): void {
    this.c.db.insert(bucketEventRuns).values({ eventId, graphId, runId }).onConflictDoNothing().run();
  }

  /** When a running run's source took these keys from its live feed (ms); see `pickedAt`. */
  markPicked(runId: string, takenAt: ReadonlyMap<string, number>): void {
    if (!takenAt.size) return;
    const stmt = this.c.sqlite.prepare(
      'update bucket_event_runs set picked_at = ? where run_id = ? and picked_at is null and event_id in (select id from bucket_events where key = ?)',
    );
    writeTransaction(this.c, () => {
      for (const [key, at] of takenAt) stmt.run(at, runId, key);
    });
  }

  close(id: number, status: Exclude<BucketEventStatus, 'received'>, reason: string | null, at = new Date()): void {
    this.c.db.update(bucketEvents).set({ status, reason, finishedAt: at }).where(eq(bucketEvents.id, id)).run();
  }

  get(id: number): BucketEventView | undefined {
    const row = this.c.db.select().from(bucketEvents).where(eq(bucketEvents.id, id)).get();
    return row && this.withRuns([row])[0];
  }

  /** Newest first. */
  list(filter: EventFilter, limit: number, offset: number): Page<BucketEventView> {
    const where: SQL[] = [];
    if (filter.status) where.push(eq(bucketEvents.status, filter.status));
    if (filter.bucket) where.push(eq(bucketEvents.bucket, filter.bucket));
    if (filter.graphId) {
      where.push(inArray(bucketEvents.id, this.c.db.select({ id: bucketEventRuns.eventId }).from(bucketEventRuns).where(eq(bucketEventRuns.graphId, filter.graphId))));
    }
    const cond = where.length ? and(...where) : undefined;
    const rows = this.c.db.select().from(bucketEvents).where(cond).orderBy(desc(bucketEvents.id)).limit(limit).offset(offset).all();
    const total = this.c.db.select({ n: count() }).from(bucketEvents).where(cond).get()?.n ?? 0;
    return { items: this.withRuns(rows), total, limit, offset };
  }

  /** Events still `received` whose runs have all ended (or are gone), with the runs' outcomes. */
  openEvents(limit = 1000): { id: number; bucket: string; key: string; runs: { runId: string; status: string | null; errors: { file?: string; message: string }[] | null }[] }[] {
    const rows = this.c.sqlite
      .prepare(
        `select e.id, e.bucket, e.key, l.run_id as runId, r.status as status, r.errors as errors
           from bucket_events e join bucket_event_runs l on l.event_id = e.id left join runs r on r.id = l.run_id
          where e.id in (
                  select o.id from bucket_events o
                   where o.status = 'received'
                     and not exists (select 1 from bucket_event_runs ol join runs r2 on r2.id = ol.run_id
                                      where ol.event_id = o.id and r2.status in ('queued', 'running'))
                   order by o.id limit ?)
          order by e.id`,
      )
      .all(limit) as { id: number; bucket: string; key: string; runId: string; status: string | null; errors: string | null }[];
    const out = new Map<number, { id: number; bucket: string; key: string; runs: { runId: string; status: string | null; errors: { file?: string; message: string }[] | null }[] }>();
    for (const r of rows) {
      const e = out.get(r.id) ?? { id: r.id, bucket: r.bucket, key: r.key, runs: [] };
      e.runs.push({ runId: r.runId, status: r.status, errors: r.errors ? JSON.parse(r.errors) : null });
      out.set(r.id, e);
    }
    return [...out.values()];
  }

  /**
   * Retention: deletes log rows received before `before`. A delivery of a pruned object version
   * would start a run again; the checkpoint then skips the unchanged file, so nothing lands twice.
   */
  prune(before: Date): number {
    return this.c.db.delete(bucketEvents).where(lt(bucketEvents.receivedAt, before)).run().changes;
  }

  countByStatus(): Record<string, number> {
    const rows = this.c.db.select({ status: bucketEvents.status, n: count() }).from(bucketEvents).groupBy(bucketEvents.status).all();
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  private insertClosed(e: ObjectEvent | undefined, req: RequestInfo, httpStatus: number, status: 'ignored' | 'rejected', reason: string): number {
    return this.c.db
      .insert(bucketEvents)
      .values({ ...columns(e, req, httpStatus), status, reason: reason.slice(0, 2000), finishedAt: req.receivedAt })
      .returning({ id: bucketEvents.id })
      .get().id;
  }

  private withRuns(rows: BucketEventRow[]): BucketEventView[] {
    if (!rows.length) return [];
    const links = this.c.db
      .select()
      .from(bucketEventRuns)
      .where(inArray(bucketEventRuns.eventId, rows.map((r) => r.id)))
      .orderBy(bucketEventRuns.eventId, sql`rowid`)
      .all();
    return rows.map((r) => ({ ...r, runs: links.filter((l) => l.eventId === r.id).map((l) => ({ graphId: l.graphId, runId: l.runId })) }));
  }
}

function columns(e: ObjectEvent | undefined, req: RequestInfo, httpStatus: number) {
  return {
    requestId: req.requestId,
    receivedAt: req.receivedAt,
    remote: req.remote ?? null,
    source: e?.source ?? null,
    eventName: e?.eventName ?? null,
    bucket: e?.bucket ?? null,
    key: e?.key ?? null,
    size: e?.size ?? null,
    etag: e?.etag ?? null,
    versionId: e?.versionId ?? null,
    sequencer: e?.sequencer ?? null,
    eventTime: e?.eventTime ?? null,
    httpStatus,
  };
}
