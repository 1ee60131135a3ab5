/** The header the runtime wants on every state-changing request of a cookie session. */
export const CSRF_HEADER = 'X-Sluice-CSRF';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Headers of one API request: the CSRF token on every method that can change something (a page
 * on another origin can make the browser send the cookie, but cannot read this token nor set
 * this header without a CORS preflight the runtime refuses).
 */
export function requestHeaders(method: string, csrfToken: string | null, json: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  if (json) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method.toUpperCase()) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  return headers;
}
