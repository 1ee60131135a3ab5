import type { Api } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';
import { readSession, type Session } from './session.ts';

function sessionOf(body: unknown, route: string): Session {
  const session = readSession(body);
  if (!session) throw new ApiError(`${route} answered without a user and CSRF token`, 500);
  return session;
}

/** The runtime's sign-in routes. Their 401 means "not signed in" or "wrong password", so none of them reports an expired session. */
export function authApi(api: Api) {
  const quiet = { quiet401: true };
  return {
    /** The current session, or null when this browser is not signed in. */
    me: async (): Promise<Session | null> => {
      try {
        return sessionOf(await api.request('GET', '/api/auth/me', undefined, quiet), 'GET /api/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    login: async (username: string, password: string) =>
      sessionOf(await api.request('POST', '/api/auth/login', { username, password }, quiet), 'POST /api/auth/login'),
    /** Spends the one-time login token printed by `sluice serve` for a session. */
    exchange: async (loginToken: string) => sessionOf(await api.request('POST', '/api/auth/exchange', { loginToken }, quiet), 'POST /api/auth/exchange'),
    logout: () => api.request<unknown>('POST', '/api/auth/logout', undefined, quiet),
  };
}

export type AuthApi = ReturnType<typeof authApi>;
