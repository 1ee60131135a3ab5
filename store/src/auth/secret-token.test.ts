import { describe, expect, it } from 'vitest';
import { newSecretToken, secretMatches, tokenHash } from './secret-token.ts';

describe('secret tokens', () => {
  it('are slu_ and 32 random bytes in base64url, never twice the same', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = newSecretToken();
      expect(t).toMatch(/^slu_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t.slice(4), 'base64url')).toHaveLength(32);
      seen.add(t);
    }
    expect(seen.size).toBe(200);
  });

  it('are stored as their SHA-256 and compared whatever the lengths', () => {
    const t = newSecretToken();
    expect(tokenHash(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(t)).not.toContain(t.slice(4, 12));
    expect(secretMatches(t, t)).toBe(true);
    expect(secretMatches(t, `${t}x`)).toBe(false);
    expect(secretMatches('', t)).toBe(false);
  });
});
