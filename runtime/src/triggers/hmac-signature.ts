import { createHmac } from 'node:crypto';
import { secretsEqual } from './secret-compare.ts';

export const SIGNATURE_HEADER = 'x-sluice-signature';
export const TIMESTAMP_HEADER = 'x-sluice-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>` (the scheme of Stripe and Slack): the
 * timestamp is signed with the body, so an old request cannot be replayed with a fresh timestamp.
 */
export function signWebhook(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type SignatureCheck = { ok: true; signature: string } | { ok: false; reason: string };

/**
 * Checks a signed request: a timestamp (unix seconds) within `toleranceSeconds` of `now`, and a
 * signature that matches. The caller also refuses a signature already seen within the window.
 */
export function checkSignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string | Buffer,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!headers.timestamp) return { ok: false, reason: `the ${TIMESTAMP_HEADER} header is missing` };
  if (!headers.signature) return { ok: false, reason: `the ${SIGNATURE_HEADER} header is missing` };
  if (!/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  const skew = Math.abs(now.getTime() / 1000 - Number(headers.timestamp));
  if (skew > toleranceSeconds) {
    return { ok: false, reason: `${TIMESTAMP_HEADER} is ${Math.round(skew)} s away from the server clock; at most ${toleranceSeconds} s is accepted` };
  }
  const expected = signWebhook(secret, headers.timestamp, body);
  if (!secretsEqual(headers.signature.trim().toLowerCase(), expected)) return { ok: false, reason: 'the signature does not match the body' };
  return { ok: true, signature: expected };
}
