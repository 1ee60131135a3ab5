import type { EventSource } from './object-event.ts';

/**
 * The object key as stored, from the key an event carries. MinIO encodes it with Go's
 * `url.QueryEscape` (`/` -> `%2F`, space -> `+`) and AWS form-encodes it but leaves `/`: one
 * decoder serves both, `+` first (a literal plus arrives as `%2B`). Ceph RGW sends the key as is,
 * so decoding it would corrupt keys holding `%` or `+`.
 */
export function decodeEventKey(source: EventSource, key: string): string {
  if (source === 'ceph') return key;
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    throw new Error(`object key "${key}" from ${source} is not validly URL-encoded`);
  }
}
