import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../routes/api-schemas.ts';
import { hasOwnBodyLimit, mediaTypeOf } from './trigger-intake.ts';

/** SLUICE_JSON_MAX_BYTES: the largest request body outside uploads and trigger intakes; 1 MiB by default. */
export const JSON_MAX_BYTES_ENV = 'SLUICE_JSON_MAX_BYTES';
export const DEFAULT_JSON_MAX_BYTES = 1024 * 1024;

export function jsonMaxBytesOf(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_JSON_MAX_BYTES;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${JSON_MAX_BYTES_ENV}: "${raw}" is not a positive whole number of bytes`);
  return n;
}

/**
 * Every request body is bounded: uploads, previews' samples and trigger intakes by their own
 * limits, everything else by `maxBytes`. A declared Content-Length over it is answered 413 before
 * a byte is read; a chunked body is counted as it arrives and cut where it passes the limit.
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(
        errorBody(
          `the request body is larger than ${maxBytes} bytes, the limit for ${c.req.method} ${c.req.path} (${JSON_MAX_BYTES_ENV}); uploads have their own limit`,
        ),
        413,
      ),
  });
  return (c, next) => (hasOwnBodyLimit(c.req.method, c.req.path, mediaTypeOf(c.req.header('content-type'))) ? next() : limit(c, next));
}
