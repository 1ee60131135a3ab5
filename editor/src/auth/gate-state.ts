import type { Session } from './session.ts';

/**
 * Where sign-in stands. `expired` keeps the editor mounted under the login page, so that a session
 * that ran out in the middle of an edit loses nothing: signing in again continues where it stood.
 */
export type GateState = { phase: 'checking' } | { phase: 'signed-out'; message?: string } | { phase: 'signed-in'; session: Session; expired: boolean };

export type GateAction =
  | { type: 'signedIn'; session: Session }
  | { type: 'signedOut'; message?: string }
  /** Some API call answered 401. */
  | { type: 'unauthorized' };

export function gateReducer(state: GateState, action: GateAction): GateState {
  switch (action.type) {
    case 'signedIn':
      return { phase: 'signed-in', session: action.session, expired: false };
    case 'signedOut':
      return { phase: 'signed-out', message: action.message };
    case 'unauthorized':
      return state.phase === 'signed-in' ? { ...state, expired: true } : state;
  }
}
