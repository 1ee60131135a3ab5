import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The editor's Content-Security-Policy: its build is one module script and one stylesheet from
 * /assets, a data: favicon, and fetches (and event streams) to this server. No inline or eval'd
 * script can run, no other site may frame it, and forms can post nowhere else.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const headers = secureHeaders({
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  // Set below, over https only: over http it means nothing, and pinning a loopback name to https
  // would break every other local server on it.
  strictTransportSecurity: false,
});

/**
 * Security headers on every answer (editor files, API, errors), and `Cache-Control: no-store` on
 * the API's: its answers hold graphs, runs and credentials names that no cache should keep.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await headers(c, async () => {
      await next();
      const path = c.req.path;
      if (path === '/api' || path.startsWith('/api/') || path.startsWith('/hooks/')) c.res.headers.set('Cache-Control', 'no-store');
      if (c.req.url.startsWith('https:')) c.res.headers.set('Strict-Transport-Security', 'max-age=15552000');
    });
  };
}
