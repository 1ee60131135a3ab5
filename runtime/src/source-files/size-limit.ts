import { Transform } from 'node:stream';
import { SourceRequestError } from './source-request-error.ts';

/** SLUICE_UPLOAD_MAX_BYTES: the largest file an upload may carry; 5 GiB by default. */
export const UPLOAD_MAX_BYTES_ENV = 'SLUICE_UPLOAD_MAX_BYTES';
export const DEFAULT_UPLOAD_MAX_BYTES = 5 * 1024 ** 3;

export function uploadMaxBytes(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[UPLOAD_MAX_BYTES_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_UPLOAD_MAX_BYTES;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${UPLOAD_MAX_BYTES_ENV}: "${raw}" is not a positive whole number of bytes`);
  return n;
}

export function tooLarge(maxBytes: number): SourceRequestError {
  return new SourceRequestError(413, 'file', `larger than the upload limit of ${maxBytes} bytes (${UPLOAD_MAX_BYTES_ENV})`);
}

/**
 * Passes bytes through and counts them; fails with 413 as soon as the count passes `maxBytes`, so
 * that an oversized upload stops where it crosses the limit instead of after it has been written.
 */
export function sizeLimit(maxBytes: number): Transform & { bytes(): number } {
  let count = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      count += chunk.length;
      if (count > maxBytes) return done(tooLarge(maxBytes));
      done(null, chunk);
    },
  });
  return Object.assign(t, { bytes: () => count });
}
