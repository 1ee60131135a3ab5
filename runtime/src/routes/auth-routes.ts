import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AuthConflictError } from '@sluice/store';
import type { AuthStore } from '@sluice/store';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { burnVerification, verifyPassword } from '../auth/password-hash.ts';
import { principalOf } from '../auth/principal.ts';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.ts';
import { errorBody, errorResponse, jsonContent } from './api-schemas.ts';
import { passwordInput, signedInSchema } from './auth-schemas.ts';
import { newRouter } from './openapi-router.ts';

const signedIn = (description: string) => jsonContent(signedInSchema, description);

/**
 * Sign-in for the editor: a password, or a one-time login link (printed by `sluice serve` and
 * `sluice login-url`), exchanged for a session cookie and its CSRF token; sign-out; who am I.
 */
export function authRoutes(auth: AuthStore, throttle = new LoginThrottle()) {
  const startSession = async (c: Context, user: { name: string; role: 'admin' | 'editor' | 'viewer' }) => {
    const session = await auth.sessions.create(user.name);
    setSessionCookie(c, session.sessionId, session.expiresAt);
    c.header('Cache-Control', 'no-store');
    return c.json({ user: { name: user.name, role: user.role }, csrfToken: session.csrfToken }, 200);
  };

  return newRouter()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/login',
        summary: 'Sign in with a user name and password: sets the session cookie',
        request: {
          body: {
            required: true,
            content: { 'application/json': { schema: z.strictObject({ username: z.string().min(1).max(64), password: passwordInput }) } },
          },
        },
        responses: {
          200: signedIn('Signed in'),
          400: errorResponse('Malformed request'),
          401: errorResponse('Wrong user name or password'),
          429: errorResponse('Too many wrong passwords for this user: wait'),
        },
      }),
      async (c) => {
        const { username, password } = c.req.valid('json');
        const wait = throttle.retryAfterMs(username);
        if (wait > 0) {
          c.header('Retry-After', String(Math.ceil(wait / 1000)));
          return c.json(errorBody(`too many wrong passwords for "${username}": try again in ${Math.ceil(wait / 60_000)} min`), 429);
        }
        const row = await auth.users.row(username);
        // The same answer, after the same work, whether the user is unknown, has no password, or the password is wrong.
        const ok = row?.passwordHash ? await verifyPassword(password, row.passwordHash) : (await burnVerification(password), false);
        if (!ok || !row) {
          throttle.fail(username);
          return c.json(errorBody('wrong user name or password'), 401);
        }
        throttle.succeed(username);
        return startSession(c, row);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/exchange',
        summary: 'Exchange a one-time login token (from the URL sluice serve prints) for a session',
        request: { body: { required: true, content: { 'application/json': { schema: z.strictObject({ loginToken: z.string().min(1).max(200) }) } } } },
        responses: { 200: signedIn('Signed in'), 400: errorResponse('Malformed request'), 401: errorResponse('Unknown, expired or used login token') },
      }),
      async (c) => {
        const userName = await auth.loginTokens.consume(c.req.valid('json').loginToken);
        if (!userName) return c.json(errorBody('the login link is unknown, expired (15 minutes) or used already: run `sluice login-url` for a new one'), 401);
        let user = await auth.users.get(userName);
        // The first sign-in of a fresh runtime makes its admin, without a password (set one in Settings).
        if (!user && (await auth.users.count()) === 0) user = await firstAdmin(auth, userName);
        if (!user) return c.json(errorBody(`the login link was for the user "${userName}", who no longer exists`), 401);
        return startSession(c, user);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/logout',
        summary: 'End this session (the cookie is cleared)',
        responses: { 204: { description: 'Signed out' }, 401: errorResponse('Not signed in') },
      }),
      async (c) => {
        const who = principalOf(c);
        if (who?.kind === 'session') await auth.sessions.end(who.sessionId);
        clearSessionCookie(c);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/auth/me',
        summary: 'Who is signed in, and the CSRF token of the session',
        responses: { 200: signedIn('Signed in'), 401: errorResponse('Not signed in') },
      }),
      (c) => {
        const who = principalOf(c)!;
        c.header('Cache-Control', 'no-store');
        return c.json({ user: { name: who.name, role: who.role }, csrfToken: who.kind === 'session' ? who.csrfToken : null }, 200);
      },
    );
}

/** Makes the first admin; when another request (or `sluice user add`) made it meanwhile, that user is taken. */
async function firstAdmin(auth: AuthStore, name: string) {
  try {
    return await auth.users.create(name, 'admin', null);
  } catch (err) {
    if (err instanceof AuthConflictError) return auth.users.get(name);
    throw err;
  }
}
