import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../routes/api-schemas.ts';
import { ALLOWED_HOSTS_ENV, isAllowedHost } from './allowed-hosts.ts';

/**
 * Answers 421 to a request whose Host (or absolute request target) is not one of the allowed
 * names: a page whose DNS name was rebound to this machine (`evil.example` -> 127.0.0.1) sends its
 * own name as Host, so it reaches nothing here. Every path is guarded, the editor's files and the
 * trigger intakes included: machines that call a webhook must use a name listed in the setting.
 */
export function hostGuard(allowed: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    // The URL's host is what the app sees (the Host header, or an absolute-form request target);
    // the header is checked as well, so neither can smuggle the other.
    const header = c.req.header('host');
    const urlHost = new URL(c.req.url).host;
    const bad = [header, urlHost].find((h) => h !== undefined && !isAllowedHost(h, allowed));
    if (bad !== undefined) {
      const shown = JSON.stringify(bad.slice(0, 100));
      return c.json(
        errorBody(
          `host ${shown} is not a name of this server: add it to --allowed-hosts or ${ALLOWED_HOSTS_ENV} (','-separated) to serve it; allowed now: ${allowed.join(', ')}`,
        ),
        421,
      );
    }
    await next();
  };
}
