import type { KeyReservation } from '@sluice/engine';
import type { RunKey } from '@sluice/sdk';
import type { EventRunLink, Store } from '@sluice/store';
import type { RunQueue } from '../run-queue.ts';
import type { TriggerIndex } from '../trigger-index.ts';
import { BucketEventLog, type RequestInfo } from './bucket-event-log.ts';
import { eventKeyFacts, isObjectCreated, type ObjectEvent } from './object-event.ts';

export const S3_EVENT_TRIGGER = 's3-event';

/** A key for a running run, handed over once the transaction that records it commits. */
interface Fed {
  slot: KeyReservation;
  /** The key, with what its event said of the object when it said enough (KeyFacts). */
  key: RunKey;
}

/** Keys one run takes from batched events; more start another run. */
export const DEFAULT_MAX_KEYS_PER_RUN = 500;

export interface IntakeResult {
  events: { id: number; key: string; status: 'received' | 'ignored'; duplicateOf?: number; reason?: string; runs: { graphId: string; runId: string }[] }[];
  /** Runs created by this request (runs joined by batching are in `events[].runs` only). */
  runsQueued: number;
}

/**
 * Takes the object events of one request: in ONE write transaction it logs every event and
 * queues (or joins) a run per graph that watches the object, so that when the caller answers 2xx
 * the events and their runs are on disk together, and a crash before the commit leaves neither
 * (the store sends again on a non-2xx). A repeated delivery of an object version starts nothing.
 */
export class BucketEventIntake {
  private readonly log: BucketEventLog;
  private pending: { events: ObjectEvent[]; req: RequestInfo; httpStatus: number; resolve(r: IntakeResult): void; reject(e: unknown): void }[] = [];

  constructor(
    private readonly store: Pick<Store, 'bucketEvents' | 'runs' | 'transaction' | 'inTransaction'>,
    private readonly index: TriggerIndex,
    private readonly queue: RunQueue,
    private readonly maxKeysPerRun = DEFAULT_MAX_KEYS_PER_RUN,
  ) {
    this.log = new BucketEventLog(store);
  }

  /**
   * Group commit: requests submitted in the same turn of the event loop share one transaction, so
   * one fsync (synchronous=FULL) instead of one per request. Each still gets its answer only after
   * the commit that holds it; one request's failure rolls back only its own savepoint. In a burst
   * this keeps the main thread, which also runs the graphs, from stalling on a disk sync per event;
   * alone, a request waits for nothing but the next turn of the loop.
   */
  submit(events: ObjectEvent[], req: RequestInfo, httpStatus: number): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, req, httpStatus, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  /**
   * Takes one request's events in a transaction of its own; not inside a caller's transaction. An
   * event for a graph with a run going that still takes keys is recorded as that run's (key in its
   * params, event linked) and handed to it after the commit: the feed's place is reserved from the
   * check to then, so it cannot close in between, and a rolled-back event hands nothing.
   */
  async take(events: ObjectEvent[], req: RequestInfo, httpStatus: number): Promise<IntakeResult> {
    if (this.store.inTransaction()) throw new Error('BucketEventIntake.take runs its own transaction: keys go to running runs only after the commit');
    const feeds: Fed[] = [];
    try {
      const result = await this.record(events, req, httpStatus, feeds);
      for (const f of feeds) f.slot.push(f.key);
      return result;
    } catch (err) {
      for (const f of feeds) f.slot.cancel();
      throw err;
    }
  }

  private record(events: ObjectEvent[], req: RequestInfo, httpStatus: number, feeds: Fed[]): Promise<IntakeResult> {
    return this.store.transaction(async () => {
      const result: IntakeResult = { events: [], runsQueued: 0 };
      for (const e of events) {
        if (!isObjectCreated(e)) {
          const reason = `${e.eventName} is not an object creation: nothing to ingest`;
          result.events.push({ id: await this.log.recordIgnored(e, req, httpStatus, reason), key: e.key, status: 'ignored', reason, runs: [] });
          continue;
        }
        const recorded = await this.log.record(e, req, httpStatus);
        if ('duplicateOf' in recorded) {
          result.events.push({ id: recorded.id, key: e.key, status: 'ignored', duplicateOf: recorded.duplicateOf, reason: 'repeated delivery', runs: [] });
          continue;
        }
        const watching = await this.index.watching(e.bucket, e.key);
        const graphs = watching.filter((g) => !g.cannotRun);
        // A draft watching the object starts nothing; the event says why.
        const drafts = watching.flatMap((g) => (g.cannotRun ? [g.cannotRun] : [])).join('; ');
        if (!graphs.length) {
          const reason = drafts || `no graph with bucket events enabled has an S3 source that takes s3://${e.bucket}/${e.key}`;
          await this.log.close(recorded.id, 'ignored', reason, req.receivedAt);
          result.events.push({ id: recorded.id, key: e.key, status: 'ignored', reason, runs: [] });
          continue;
        }
        const runs: EventRunLink[] = [];
        for (const g of graphs) runs.push(await this.queueFor(g.graphId, recorded.id, e, result, feeds));
        result.events.push({ id: recorded.id, key: e.key, status: 'received', ...(drafts ? { reason: drafts } : {}), runs });
      }
      return result;
    });
  }

  /** The run of the graph that takes the event's key: a running run's feed, a queued run with room, or a new one. */
  private async queueFor(graphId: string, eventId: number, e: ObjectEvent, result: IntakeResult, feeds: Fed[]): Promise<EventRunLink> {
    const { key } = e;
    if (this.queue.keysShared) {
      // The run's holder may be another process: it finds the key in the run's params once this commits.
      const runId = await this.store.runs.keys.openKeysRunOf(graphId, this.maxKeysPerRun);
      if (runId && (await this.store.runs.keys.addKeyToRunning(runId, key, { maxKeys: this.maxKeysPerRun }))) {
        await this.log.linkRun(eventId, graphId, runId);
        return { graphId, runId };
      }
    }
    const live = !this.queue.keysShared && this.queue.liveFeed?.(graphId, this.maxKeysPerRun);
    if (live) {
      // Reserved in the turn the feed was found open: it stays open until the commit hands the key over.
      const slot = live.reserve();
      if (await this.store.runs.keys.addKeyToRunning(live.runId, key)) {
        const facts = eventKeyFacts(e);
        feeds.push({ slot, key: facts ? { key, facts } : { key } });
        await this.log.linkRun(eventId, graphId, live.runId);
        return { graphId, runId: live.runId };
      }
      slot.cancel();
    }
    let runId = await this.store.runs.keys.addKeysToQueued(graphId, S3_EVENT_TRIGGER, [key], this.maxKeysPerRun);
    if (!runId) {
      runId = (await this.queue.enqueue(graphId, { kind: S3_EVENT_TRIGGER, params: { keys: [key] } })).run.id;
      result.runsQueued++;
    }
    await this.log.linkRun(eventId, graphId, runId);
    return { graphId, runId };
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const outcomes: ({ ok: true; result: IntakeResult } | { ok: false; error: unknown })[] = [];
    const feeds: Fed[] = [];
    try {
      await this.store.transaction(async () => {
        for (const p of batch) {
          const mine: Fed[] = [];
          try {
            outcomes.push({ ok: true, result: await this.record(p.events, p.req, p.httpStatus, mine) });
            feeds.push(...mine);
          } catch (error) {
            // Its savepoint rolled back: what it meant to hand to running runs goes with it.
            for (const f of mine) f.slot.cancel();
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing of the batch is durable, so no request may get a 2xx.
      for (const f of feeds) f.slot.cancel();
      for (const p of batch) p.reject(error);
      return;
    }
    // Committed: every feed reserved is still open (a reservation keeps it so).
    for (const f of feeds) f.slot.push(f.key);
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.result);
      else p.reject(o.error);
    });
  }

  /** Logs a request that was refused; never throws (the refusal is answered anyway). */
  async reject(req: RequestInfo, httpStatus: number, reason: string): Promise<number | undefined> {
    try {
      return await this.log.recordRejected(req, httpStatus, reason);
    } catch {
      return undefined;
    }
  }

  /** Logs a request that was answered but started nothing (a test event, an SNS confirmation). */
  note(req: RequestInfo, httpStatus: number, reason: string): Promise<number> {
    return this.log.recordIgnored(undefined, req, httpStatus, reason);
  }
}
