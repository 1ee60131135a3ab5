import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every secret Sluice hands out starts so, which lets secret scanners and people recognise it. */
export const TOKEN_PREFIX = 'slu_';
const TOKEN_BYTES = 32;

/** A new secret: 32 random bytes, base64url, with the `slu_` prefix (API tokens, sessions, login links). */
export function newSecretToken(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_BYTES).toString('base64url');
}

/** What is stored in place of a high-entropy secret: its SHA-256, hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two secrets in constant time whatever their lengths (both are hashed first, so neither
 * the length nor the first differing byte shows in the timing).
 */
export function secretMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** A short public id for a stored token (`tok_` and 12 base64url characters): shown, never secret. */
export function newTokenId(): string {
  return `tok_${randomBytes(9).toString('base64url')}`;
}
