import { formatProblems, zodProblems } from '@sluice/sdk';
import { z } from 'zod';
import { decodeEventKey } from './decode-event-key.ts';
import { EVENT_SOURCES, type ObjectEvent } from './object-event.ts';

/** Records in one body; MinIO and RGW send one per request, AWS a few. More is not a bucket event. */
export const MAX_RECORDS = 1000;

export type EventBody =
  | { kind: 'records'; envelope: 'direct' | 'sns'; events: ObjectEvent[] }
  /** A store checking the endpoint (AWS `s3:TestEvent`): answered, nothing to run. */
  | { kind: 'test'; envelope: 'direct' | 'sns'; note: string }
  | { kind: 'sns-subscription'; type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation'; topicArn: string; subscribeUrl: string };

/** A body that is not a bucket event; the message names the field and the problem (answered 400). */
export class EventBodyError extends Error {}

// Loose objects: stores add fields over time (RGW's `metadata`, MinIO's `source`) and that is fine.
const recordSchema = z.looseObject({
  eventSource: z.string(),
  eventName: z.string().min(1).max(200),
  eventTime: z.string().max(100).optional(),
  s3: z.looseObject({
    bucket: z.looseObject({ name: z.string().min(1).max(255) }),
    object: z.looseObject({
      // S3 keys are at most 1024 bytes; encoded, up to three times that.
      key: z.string().min(1).max(4096),
      size: z.number().int().nonnegative().optional(),
      eTag: z.string().max(200).optional(),
      versionId: z.string().max(1024).optional(),
      sequencer: z.string().max(200).optional(),
    }),
  }),
});

const snsSchema = z.looseObject({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  TopicArn: z.string().max(1024),
  Message: z.string(),
  SubscribeURL: z.string().max(4096).optional(),
});

/**
 * Reads a bucket event body: MinIO's webhook body, an AWS S3 event message (direct, or wrapped in
 * an SNS notification whose `Message` is the event as a string), Ceph RGW's body, or an SNS
 * subscription (un)confirmation. Keys are decoded per store. Anything else throws EventBodyError.
 */
export function parseEventBody(text: string): EventBody {
  const json = parseJson(text, 'the body');
  if (isObject(json) && typeof json.Type === 'string' && 'TopicArn' in json) return parseSns(json);
  return parseDirect(json, 'direct');
}

function parseSns(json: Record<string, unknown>): EventBody {
  const r = snsSchema.safeParse(json);
  if (!r.success) throw new EventBodyError(`not an SNS message: ${formatProblems(zodProblems(r.error))}`);
  const m = r.data;
  if (m.Type !== 'Notification') {
    if (!m.SubscribeURL) throw new EventBodyError(`SNS ${m.Type}: SubscribeURL is missing`);
    return { kind: 'sns-subscription', type: m.Type, topicArn: m.TopicArn, subscribeUrl: m.SubscribeURL };
  }
  return parseDirect(parseJson(m.Message, 'the SNS Message'), 'sns');
}

function parseDirect(json: unknown, envelope: 'direct' | 'sns'): EventBody {
  if (!isObject(json)) throw new EventBodyError('the body must be a JSON object with "Records"');
  if (json.Event === 's3:TestEvent') return { kind: 'test', envelope, note: `s3:TestEvent for bucket ${String(json.Bucket ?? '?')}` };
  const records = json.Records;
  if (!Array.isArray(records)) throw new EventBodyError('Records: must be a list of bucket event records');
  if (records.length === 0) throw new EventBodyError('Records: the list is empty');
  if (records.length > MAX_RECORDS) throw new EventBodyError(`Records: ${records.length} records; at most ${MAX_RECORDS} are accepted in one body`);
  return { kind: 'records', envelope, events: records.map((rec, i) => parseRecord(rec, i)) };
}

function parseRecord(input: unknown, i: number): ObjectEvent {
  const r = recordSchema.safeParse(input);
  if (!r.success) throw new EventBodyError(formatProblems(zodProblems(r.error, ['Records', i])));
  const rec = r.data;
  const source = EVENT_SOURCES[rec.eventSource as keyof typeof EVENT_SOURCES];
  if (!source) {
    throw new EventBodyError(`Records.${i}.eventSource: unknown event source "${rec.eventSource}"; expected one of ${Object.keys(EVENT_SOURCES).join(', ')}`);
  }
  const o = rec.s3.object;
  let key: string;
  try {
    key = decodeEventKey(source, o.key);
  } catch (err) {
    throw new EventBodyError(`Records.${i}.s3.object.key: ${(err as Error).message}`);
  }
  return {
    source,
    eventName: rec.eventName.replace(/^s3:/, ''),
    bucket: rec.s3.bucket.name,
    key,
    ...(o.size !== undefined ? { size: o.size } : {}),
    ...(nonEmpty(o.eTag?.replace(/"/g, '')) ? { etag: o.eTag!.replace(/"/g, '') } : {}),
    // AWS says "null" for objects written before versioning was on; RGW sends "" without versioning.
    ...(nonEmpty(o.versionId) && o.versionId !== 'null' ? { versionId: o.versionId } : {}),
    ...(nonEmpty(o.sequencer) ? { sequencer: o.sequencer } : {}),
    ...(rec.eventTime ? { eventTime: rec.eventTime } : {}),
  };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new EventBodyError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(s: string | undefined): s is string {
  return s !== undefined && s !== '';
}
