/**
 * The editor's one-time login address is `#/login?token=<token>`: in the hash, so that the token
 * never reaches a server log, a proxy or a Referer header.
 */
const LOGIN_HASH = /^#\/login(?:\?(.*))?$/;

/** Whether this hash is the login page's (with or without a token). */
export function isLoginHash(hash: string): boolean {
  return LOGIN_HASH.test(hash);
}

/** The one-time login token of a `#/login?token=...` hash, or null when there is none. */
export function loginTokenOf(hash: string): string | null {
  const query = LOGIN_HASH.exec(hash)?.[1];
  if (query === undefined) return null;
  const token = new URLSearchParams(query).get('token');
  return token ? token : null;
}
