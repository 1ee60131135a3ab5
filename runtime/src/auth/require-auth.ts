import type { Context, MiddlewareHandler } from 'hono';
import { errorBody } from '../routes/api-schemas.ts';
import { isApiPath, isPublicRoute, roleRefusal, SAFE_METHODS } from './access-rules.ts';
import type { AuthStore } from '@sluice/store';
import { type Principal, setPrincipal } from './principal.ts';
import { secretMatches } from '@sluice/store';
import { CSRF_HEADER, sessionCookieOf } from './session-cookie.ts';

export interface RequireAuthOptions {
  auth: AuthStore;
  /** SLUICE_API_TOKEN, read once by whoever starts the app: an admin token that is never stored. */
  apiToken?: string;
  now?: () => Date;
}

type Found = { principal: Principal } | { refused: string } | { none: true };

/**
 * Every request under /api and /hooks passes here first. It finds who is asking (a Bearer token,
 * stored or SLUICE_API_TOKEN, or the session cookie), then answers 401 when nobody is, 403 when
 * a cookie request that changes something lacks the session's CSRF header, and 403 when the role
 * may not make the request. Public routes pass with whoever was found (health shows more then).
 */
export function requireAuth(opts: RequireAuthOptions): MiddlewareHandler {
  const now = opts.now ?? (() => new Date());
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    // The editor's static files (the app shell and its assets) hold no data.
    if (!isApiPath(path)) return next();
    const found = await identify(c, opts, now());
    if (isPublicRoute(method, path)) {
      if ('principal' in found) setPrincipal(c, found.principal);
      return next();
    }
    if (!('principal' in found)) {
      const why = 'refused' in found ? found.refused : 'sign in first: send "Authorization: Bearer <token>", or sign in to the editor';
      c.header('WWW-Authenticate', 'Bearer realm="sluice"');
      return c.json(errorBody(why), 401);
    }
    const { principal } = found;
    if (principal.kind === 'session' && !SAFE_METHODS.has(method)) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!secretMatches(sent, principal.csrfToken)) {
        return c.json(errorBody(`${method} ${path} with a session cookie needs the header ${CSRF_HEADER} holding the session's CSRF token`), 403);
      }
    }
    const refusal = roleRefusal(principal.role, method, path);
    if (refusal) return c.json(errorBody(refusal), 403);
    setPrincipal(c, principal);
    return next();
  };
}

async function identify(c: Context, opts: RequireAuthOptions, at: Date): Promise<Found> {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) return { refused: 'the Authorization header must be "Bearer <token>"' };
    const token = match[1]!;
    if (opts.apiToken && secretMatches(token, opts.apiToken)) return { principal: { kind: 'token', name: 'SLUICE_API_TOKEN', role: 'admin', tokenId: null } };
    const stored = await opts.auth.tokens.authenticate(token, at);
    if (stored) return { principal: { kind: 'token', name: stored.name, role: stored.role, tokenId: stored.id } };
    return { refused: 'the token is unknown or revoked' };
  }
  const sessionId = sessionCookieOf(c);
  if (sessionId !== undefined) {
    const session = await opts.auth.sessions.resolve(sessionId, at);
    if (!session) return { refused: 'the session has ended: sign in again' };
    return { principal: { kind: 'session', name: session.user.name, role: session.user.role, csrfToken: session.csrfToken, sessionId } };
  }
  return { none: true };
}
