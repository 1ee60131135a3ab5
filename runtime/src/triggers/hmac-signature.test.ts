import { describe, expect, it } from 'vitest';
import { checkSignature, signWebhook } from './hmac-signature.ts';
import { presentedToken, secretsEqual } from './secret-compare.ts';

const now = new Date('2026-11-26T08:00:00Z');
const ts = String(now.getTime() / 1000);

describe('checkSignature', () => {
  const body = '{"keys":["a.csv"]}';
  const signature = signWebhook('s3cret', ts, body);

  it('accepts the signature of timestamp.body within the window', () => {
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(checkSignature('s3cret', { signature, timestamp: ts }, body, now)).toEqual({ ok: true, signature });
    expect(checkSignature('s3cret', { signature, timestamp: ts }, body, new Date(now.getTime() + 299_000)).ok).toBe(true);
  });

  it.each([
    ['another body', { signature, timestamp: ts }, '{"keys":["b.csv"]}', now, /does not match/],
    ['another key', { signature: signWebhook('other', ts, body), timestamp: ts }, body, now, /does not match/],
    ['a re-stamped replay', { signature, timestamp: String(Number(ts) + 1) }, body, now, /does not match/],
    ['an old timestamp', { signature, timestamp: ts }, body, new Date(now.getTime() + 301_000), /301 s away/],
    ['no timestamp', { signature }, body, now, /x-sluice-timestamp header is missing/],
    ['no signature', { timestamp: ts }, body, now, /x-sluice-signature header is missing/],
    ['a timestamp in ms', { signature, timestamp: `${now.getTime()}000` }, body, now, /unix seconds/],
  ])('refuses %s', (_what, headers, b, at, reason) => {
    const r = checkSignature('s3cret', headers, b, at);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('tokens', () => {
  it('reads Bearer and the password of Basic', () => {
    expect(presentedToken('Bearer abc')).toBe('abc');
    expect(presentedToken(`Basic ${Buffer.from('sns:abc').toString('base64')}`)).toBe('abc');
    expect(presentedToken('Token abc')).toBeUndefined();
    expect(presentedToken(undefined)).toBeUndefined();
  });
  it('compares in constant time and never matches an empty expected secret', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abd', 'abc')).toBe(false);
    expect(secretsEqual('', '')).toBe(false);
  });
});
