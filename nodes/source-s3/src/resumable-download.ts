import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** Opens the object's bytes from `offset` to the end. */
export type OpenAt = (offset: number, signal?: AbortSignal) => Promise<Readable>;

export interface ResumeOptions {
  /** The object's size from the listing: a body that ends before it was cut off. */
  size: number;
  /** Tries in all, as for any S3 request; the first open counts as one. */
  maxAttempts: number;
  signal?: AbortSignal;
  /** Base of the exponential backoff between tries (ms). */
  backoffMs?: number;
  onResume?(offset: number, cause: unknown): void;
}

/**
 * An object's bytes as one stream that survives a connection cut mid-body: the SDK retries
 * requests, but not a body that breaks after the headers arrived, which on a multi-gigabyte object
 * is the likeliest failure. It opens again from the last byte received (a Range request; the caller
 * pins the version with If-Match) and goes on, up to `maxAttempts` tries in a row without progress.
 * Bytes are never buffered beyond the stream's own chunks.
 */
export function resumableDownload(openAt: OpenAt, o: ResumeOptions): Readable {
  return Readable.from(chunks(openAt, o), { objectMode: false });
}

async function* chunks(openAt: OpenAt, o: ResumeOptions): AsyncGenerator<Buffer> {
  let offset = 0;
  let failures = 0;
  for (;;) {
    let body: Readable | undefined;
    try {
      body = await openAt(offset, o.signal);
      for await (const chunk of body) {
        offset += (chunk as Buffer).length;
        failures = 0;
        yield chunk as Buffer;
      }
      if (offset < o.size) throw new Error(`the body ended after ${offset} of ${o.size} bytes`);
      return;
    } catch (err) {
      // Only failures of the body are resumed: an open that fails was already retried by the SDK
      // (or is final, like 404 or 412), and an abort is the run being cancelled.
      if (!body || o.signal?.aborted || ++failures >= o.maxAttempts) throw err;
      o.onResume?.(offset, err);
      await sleep(Math.random() * (o.backoffMs ?? 100) * 2 ** failures, undefined, o.signal ? { signal: o.signal } : {});
    }
  }
}
