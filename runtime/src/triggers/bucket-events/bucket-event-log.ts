import { createHash } from 'node:crypto';
import type { BucketEventFields, BucketEventRepository, BucketEventStatus, BucketEventView, EventFilter, Page, RunOutcome, RunRepository } from '@sluice/store';
import type { ObjectEvent } from './object-event.ts';

export type { BucketEventView, EventFilter } from '@sluice/store';

/** Where a request came from and when, shared by every row it writes. */
export interface RequestInfo {
  requestId: string;
  receivedAt: Date;
  remote?: string;
}

/** A `received` event whose runs have all ended (or are gone: null), with what they came to. */
export interface EndedEvent {
  id: number;
  bucket: string;
  key: string;
  runs: { runId: string; status: string | null; errors: { file?: string; message: string }[] | null }[];
}

/**
 * The identity of one version of one object: bucket, key, version id or ETag, and the sequencer.
 * The sequencer tells an upload of the same bytes again (A, then B, then A: the third must land)
 * from a delivery of the same event again.
 */
export function objectVersionKey(e: ObjectEvent): string {
  const parts = [e.bucket, e.key, e.versionId ?? '', e.etag ?? '', e.sequencer ?? ''];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** Events examined per page while looking for ones whose runs all ended. */
const PAGE = 1000;

/**
 * The bucket event log as the trigger sees it: object events in, with their dedupe identity and
 * reasons, over the store's event repository (which owns the tables); run outcomes come from the
 * run repository. Writes are meant to run inside the caller's transaction.
 */
export class BucketEventLog {
  constructor(private readonly store: { bucketEvents: BucketEventRepository; runs: Pick<RunRepository, 'outcomes'> }) {}

  private get events(): BucketEventRepository {
    return this.store.bucketEvents;
  }

  /**
   * Records an object event as `received`. Returns the new row's id, or, for an object version
   * already in the log, the id of the first delivery (and logs this one as an ignored duplicate).
   */
  async record(e: ObjectEvent, req: RequestInfo, httpStatus: number): Promise<{ id: number } | { duplicateOf: number; id: number }> {
    const dedupeKey = objectVersionKey(e);
    const fields = columns(e, req, httpStatus);
    const id = await this.events.insertReceived(fields, dedupeKey);
    if (id !== undefined) return { id };
    const first = (await this.events.idOfVersion(dedupeKey))!;
    const reason = `repeated delivery of event ${first} (same object version): no second run`;
    return { duplicateOf: first, id: await this.events.insertClosed(fields, { status: 'ignored', reason, duplicateOf: first }) };
  }

  /** Records an event that starts nothing (not a creation, no graph watches it), with the reason. */
  recordIgnored(e: ObjectEvent | undefined, req: RequestInfo, httpStatus: number, reason: string): Promise<number> {
    return this.events.insertClosed(columns(e, req, httpStatus), { status: 'ignored', reason: reason.slice(0, 2000) });
  }

  /** Records a refused request (unauthenticated, malformed, too big), with the reason. */
  recordRejected(req: RequestInfo, httpStatus: number, reason: string): Promise<number> {
    return this.events.insertClosed(columns(undefined, req, httpStatus), { status: 'rejected', reason: reason.slice(0, 2000) });
  }

  linkRun(eventId: number, graphId: string, runId: string): Promise<void> {
    return this.events.linkRun(eventId, graphId, runId);
  }

  /** When a running run's source took these keys from its live feed (ms); see `pickedAt`. */
  markPicked(runId: string, takenAt: ReadonlyMap<string, number>): Promise<void> {
    return this.events.markPicked(runId, takenAt);
  }

  close(id: number, status: Exclude<BucketEventStatus, 'received'>, reason: string | null, at = new Date()): Promise<void> {
    return this.events.close(id, status, reason, at);
  }

  get(id: number): Promise<BucketEventView | undefined> {
    return this.events.get(id);
  }

  /** Newest first. */
  list(filter: EventFilter, limit: number, offset: number): Promise<Page<BucketEventView>> {
    return this.events.list(filter, limit, offset);
  }

  /**
   * Events still `received` whose runs have all ended (or are gone), oldest first, at most `limit`,
   * with the runs' outcomes. Events whose runs still go are passed over, so they hold none back.
   */
  async openEvents(limit = 1000): Promise<EndedEvent[]> {
    const out: EndedEvent[] = [];
    let after = 0;
    while (out.length < limit) {
      const page = await this.events.received(after, PAGE);
      if (!page.length) break;
      after = page.at(-1)!.id;
      const outcomes = await this.store.runs.outcomes(page.flatMap((e) => e.runs.map((r) => r.runId)));
      for (const e of page) {
        const runs = e.runs.map((r) => ({ runId: r.runId, ...outcomeOf(outcomes.get(r.runId)) }));
        if (runs.some((r) => r.status === 'queued' || r.status === 'running')) continue;
        out.push({ id: e.id, bucket: e.bucket, key: e.key, runs });
        if (out.length === limit) break;
      }
    }
    return out;
  }

  /**
   * Retention: deletes log rows received before `before`. A delivery of a pruned object version
   * would start a run again; the checkpoint then skips the unchanged file, so nothing lands twice.
   */
  prune(before: Date): Promise<number> {
    return this.events.prune(before);
  }

  countByStatus(): Promise<Record<string, number>> {
    return this.events.countByStatus();
  }
}

function outcomeOf(o: RunOutcome | undefined): { status: string | null; errors: { file?: string; message: string }[] | null } {
  return o ? { status: o.status, errors: o.errors } : { status: null, errors: null };
}

function columns(e: ObjectEvent | undefined, req: RequestInfo, httpStatus: number): BucketEventFields {
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
