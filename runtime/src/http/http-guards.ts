import type { MiddlewareHandler } from 'hono';
import { DEFAULT_ALLOWED_HOSTS } from './allowed-hosts.ts';
import { bodySizeLimit, DEFAULT_JSON_MAX_BYTES } from './body-size-limit.ts';
import { hostGuard } from './host-guard.ts';
import { originGuard } from './origin-guard.ts';
import { securityHeaders } from './security-headers.ts';

export interface HttpGuardOptions {
  /** Host names answered (any port); default the loopback names (allowed-hosts.ts). */
  allowedHosts?: readonly string[];
  /** The largest body outside uploads and trigger intakes; default 1 MiB. */
  jsonMaxBytes?: number;
}

/**
 * The middlewares every request passes before authentication, in this order: security headers
 * (first, so that even a refusal carries them), the Host allow-list (DNS rebinding), the
 * Origin / Sec-Fetch-Site check (cross-site writes), the body size limit.
 */
export function httpGuards(opts: HttpGuardOptions): MiddlewareHandler[] {
  return [securityHeaders(), hostGuard(opts.allowedHosts ?? DEFAULT_ALLOWED_HOSTS), originGuard(), bodySizeLimit(opts.jsonMaxBytes ?? DEFAULT_JSON_MAX_BYTES)];
}
