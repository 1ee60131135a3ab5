import type { Role } from '@sluice/store';

/** Methods that change nothing: a viewer's, and the only ones a cookie may make without the CSRF header. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths of the API, the webhooks and the Prometheus metrics; every other path is the editor's static files. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/hooks' || path.startsWith('/hooks/') || path === '/metrics';
}

/**
 * Routes reachable without a session or API token: the liveness probe (which then says only
 * `{status}`), sign-in itself, and the trigger intakes, which check their own secret (a webhook's
 * secret or HMAC, the bucket-events token). `GET /api/events/s3` answers MinIO's reachability probe
 * with a fixed sentence. Everything else under /api and /hooks, and /metrics, needs credentials.
 */
export function isPublicRoute(method: string, path: string): boolean {
  const read = method === 'GET' || method === 'HEAD';
  if (read && path === '/api/health') return true;
  if (method === 'POST' && (path === '/api/auth/login' || path === '/api/auth/exchange')) return true;
  if (method === 'POST' && path.startsWith('/hooks/')) return true;
  if (path === '/api/events/s3') return method === 'POST' || read;
  return false;
}

/** Admin things: credentials (trigger tokens and webhook secrets are credentials), users, tokens, settings. */
const ADMIN_PREFIXES = ['/api/credentials', '/api/users', '/api/tokens', '/api/settings'];

export function isAdminRoute(path: string): boolean {
  return ADMIN_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** Why `role` may not make this request, or undefined when it may. */
export function roleRefusal(role: Role, method: string, path: string): string | undefined {
  // Every signed-in role may look at and end its own session.
  if (path.startsWith('/api/auth/')) return undefined;
  if (isAdminRoute(path) && role !== 'admin') return `${method} ${path} needs the admin role (this is ${role})`;
  if (role === 'viewer' && !SAFE_METHODS.has(method)) return `${method} ${path} changes something: the viewer role may only read`;
  return undefined;
}
