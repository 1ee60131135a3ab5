import { type KeyFacts, keyFactsOf } from '@sluice/sdk';

/** The object stores whose bucket event bodies are understood, by their `eventSource`. Stored in the event log. */
export const EVENT_SOURCES = { 'minio:s3': 'minio', 'aws:s3': 'aws', 'ceph:s3': 'ceph' } as const;
export type EventSource = (typeof EVENT_SOURCES)[keyof typeof EVENT_SOURCES];

/**
 * One object event, whatever store sent it: the key decoded, the event name without the `s3:`
 * prefix MinIO adds (`ObjectCreated:Put`), the version identity as the store gave it.
 */
export interface ObjectEvent {
  source: EventSource;
  eventName: string;
  bucket: string;
  key: string;
  size?: number;
  etag?: string;
  versionId?: string;
  /** Grows with every change of a key (hex, per key): tells a re-upload from a repeated delivery. */
  sequencer?: string;
  eventTime?: string;
}

/** Object creations start runs; removals and everything else are logged and ignored. */
export function isObjectCreated(e: ObjectEvent): boolean {
  return e.eventName.startsWith('ObjectCreated:');
}

/**
 * What the event says of the object version, for the run that takes its key (source-s3 then needs
 * no HeadObject): bucket, size, ETag and version id, checked (`keyFactsOf`); undefined when it
 * gives no size or ETag, or a malformed one.
 */
export function eventKeyFacts(e: Pick<ObjectEvent, 'bucket' | 'size' | 'etag' | 'versionId'>): KeyFacts | undefined {
  return keyFactsOf({ bucket: e.bucket, size: e.size, etag: e.etag, versionId: e.versionId });
}
