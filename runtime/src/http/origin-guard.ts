import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../routes/api-schemas.ts';
import { isTriggerIntake } from './trigger-intake.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses (403) a state-changing request that a browser says came from another page: its
 * `Sec-Fetch-Site` is `cross-site` or `same-site` (another port of localhost is same-site and gets
 * the SameSite=Strict cookie), or its `Origin` is not this server's own host:port. A form post, a
 * no-cors fetch or a multipart upload from another tab thus changes nothing, even where a browser
 * sends no fetch metadata. Clients that send neither header (curl, scripts) pass on to the
 * authentication; the trigger intakes are called by other machines and are not checked.
 */
export function originGuard(): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (SAFE.has(method) || isTriggerIntake(method, c.req.path)) return next();
    const site = c.req.header('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') {
      return c.json(
        errorBody(
          `${method} ${c.req.path} refused: the browser says it comes from another site (Sec-Fetch-Site: ${site}); only the editor served here may change things`,
        ),
        403,
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      const own = new URL(c.req.url).host;
      if (originHost(origin) !== own) {
        return c.json(
          errorBody(
            `${method} ${c.req.path} refused: Origin ${JSON.stringify(origin.slice(0, 200))} is not this server (${own}); only the editor served here may change things`,
          ),
          403,
        );
      }
    }
    await next();
  };
}

/** host:port of an Origin header (default ports dropped, as URL.host does), or undefined ("null", garbage). */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}
