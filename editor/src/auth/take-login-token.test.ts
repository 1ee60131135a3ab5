import { describe, expect, it } from 'vitest';
import { isLoginHash, loginTokenOf } from './login-link.ts';
import { takeLoginToken } from './take-login-token.ts';

function address(hash: string) {
  const location = { hash, pathname: '/', search: '' };
  const replaced: string[] = [];
  const history = { replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
  return { location, history, replaced };
}

describe('the one-time login address', () => {
  it('reads the token of #/login?token=... and nothing else', () => {
    expect(loginTokenOf('#/login?token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(loginTokenOf('#/login?next=x&token=t%2Bu')).toBe('t+u');
    expect(loginTokenOf('#/login')).toBeNull();
    expect(loginTokenOf('#/login?token=')).toBeNull();
    expect(loginTokenOf('#/graphs/g1?token=abc')).toBeNull();
    expect(loginTokenOf('#/loginx?token=abc')).toBeNull();
    expect(isLoginHash('#/login')).toBe(true);
    expect(isLoginHash('#/graphs/x')).toBe(false);
  });

  it('takes the token out of the address bar by replacing the entry', () => {
    const a = address('#/login?token=slu_secret');
    expect(takeLoginToken(a.location, a.history)).toBe('slu_secret');
    expect(a.replaced).toEqual(['/']);
    expect(a.replaced.join()).not.toContain('slu_secret');
  });

  it('leaves any other address alone', () => {
    const a = address('#/graphs/orders');
    expect(takeLoginToken(a.location, a.history)).toBeNull();
    expect(a.replaced).toEqual([]);
  });

  it('reads the token before the address changes (a live Location empties its hash on replaceState)', () => {
    const a = address('#/login?token=slu_live');
    a.history.replaceState = () => void (a.location.hash = '');
    expect(takeLoginToken(a.location, a.history)).toBe('slu_live');
  });

  it('leaves an address that only starts like the login one alone', () => {
    const a = address('#/loginx?token=abc');
    expect(takeLoginToken(a.location, a.history)).toBeNull();
    expect(a.replaced).toEqual([]);
  });

  it('clears a login address without a token too', () => {
    const a = address('#/login');
    expect(takeLoginToken(a.location, a.history)).toBeNull();
    expect(a.replaced).toEqual(['/']);
  });
});
