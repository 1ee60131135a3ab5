import { isLoginHash, loginTokenOf } from './login-link.ts';

/**
 * Takes the one-time login token out of the address bar and returns it (null when there is none).
 * Called once in main.tsx before anything renders, so that no component, error report or history
 * entry ever holds it: the address is replaced (not pushed), so Back cannot bring it back either.
 */
export function takeLoginToken(location: Pick<Location, 'hash' | 'pathname' | 'search'>, history: Pick<History, 'replaceState'>): string | null {
  const hash = location.hash;
  if (!isLoginHash(hash)) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return loginTokenOf(hash);
}
