import { describe, expect, it } from 'vitest';
import { gateReducer, type GateState } from './gate-state.ts';

const ann = { user: { name: 'ann', role: 'editor' as const }, csrfToken: 'c1' };

describe('gateReducer', () => {
  it('signs in, and a 401 afterwards keeps the session under the login page', () => {
    let s: GateState = { phase: 'checking' };
    s = gateReducer(s, { type: 'signedIn', session: ann });
    expect(s).toEqual({ phase: 'signed-in', session: ann, expired: false });
    s = gateReducer(s, { type: 'unauthorized' });
    expect(s).toEqual({ phase: 'signed-in', session: ann, expired: true });
    s = gateReducer(s, { type: 'signedIn', session: { ...ann, csrfToken: 'c2' } });
    expect(s).toEqual({ phase: 'signed-in', session: { ...ann, csrfToken: 'c2' }, expired: false });
  });

  it('a 401 before sign-in changes nothing; logging out forgets the session', () => {
    expect(gateReducer({ phase: 'checking' }, { type: 'unauthorized' })).toEqual({ phase: 'checking' });
    expect(gateReducer({ phase: 'signed-in', session: ann, expired: false }, { type: 'signedOut', message: 'bye' })).toEqual({
      phase: 'signed-out',
      message: 'bye',
    });
  });
});
