import type { DbClient } from '../store/db-client.ts';
import { writeTransaction } from '../store/db-client.ts';
import { addKeysToQueuedRun, type RunQueue } from '../triggers/run-queue.ts';
import type { TriggerIndex } from '../triggers/trigger-index.ts';
import { BucketEventLog, type RequestInfo } from './bucket-event-log.ts';
import { isObjectCreated, type ObjectEvent } from './object-event.ts';

export const S3_EVENT_TRIGGER = 's3-event';

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

  constructor(
    private readonly c: DbClient,
    private readonly index: TriggerIndex,
    private readonly queue: RunQueue,
    private readonly maxKeysPerRun = DEFAULT_MAX_KEYS_PER_RUN,
  ) {
    this.log = new BucketEventLog(c);
  }

  take(events: ObjectEvent[], req: RequestInfo, httpStatus: number): IntakeResult {
    return writeTransaction(this.c, () => {
      const result: IntakeResult = { events: [], runsQueued: 0 };
      for (const e of events) {
        if (!isObjectCreated(e)) {
          const reason = `${e.eventName} is not an object creation: nothing to ingest`;
          result.events.push({ id: this.log.recordIgnored(e, req, httpStatus, reason), key: e.key, status: 'ignored', reason, runs: [] });
          continue;
        }
        const recorded = this.log.record(e, req, httpStatus);
        if ('duplicateOf' in recorded) {
          result.events.push({ id: recorded.id, key: e.key, status: 'ignored', duplicateOf: recorded.duplicateOf, reason: 'repeated delivery', runs: [] });
          continue;
        }
        const graphs = this.index.watching(e.bucket, e.key);
        if (!graphs.length) {
          const reason = `no graph with bucket events enabled has an S3 source that takes s3://${e.bucket}/${e.key}`;
          this.log.close(recorded.id, 'ignored', reason, req.receivedAt);
          result.events.push({ id: recorded.id, key: e.key, status: 'ignored', reason, runs: [] });
          continue;
        }
        const runs = graphs.map((g) => {
          let runId = addKeysToQueuedRun(this.c, g.graphId, S3_EVENT_TRIGGER, [e.key], this.maxKeysPerRun);
          if (!runId) {
            runId = this.queue.enqueue(g.graphId, { kind: S3_EVENT_TRIGGER, params: { keys: [e.key] } }).run.id;
            result.runsQueued++;
          }
          this.log.linkRun(recorded.id, g.graphId, runId);
          return { graphId: g.graphId, runId };
        });
        result.events.push({ id: recorded.id, key: e.key, status: 'received', runs });
      }
      return result;
    });
  }

  /** Logs a request that was refused; never throws (the refusal is answered anyway). */
  reject(req: RequestInfo, httpStatus: number, reason: string): number | undefined {
    try {
      return this.log.recordRejected(req, httpStatus, reason);
    } catch {
      return undefined;
    }
  }

  /** Logs a request that was answered but started nothing (a test event, an SNS confirmation). */
  note(req: RequestInfo, httpStatus: number, reason: string): number {
    return this.log.recordIgnored(undefined, req, httpStatus, reason);
  }
}
