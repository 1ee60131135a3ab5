import type { AuthStore } from '@sluice/store';

/**
 * The one-time login link a start prints when nobody could sign in otherwise: no user has a
 * password and no SLUICE_API_TOKEN is set (a fresh data folder, or an admin made by an earlier link
 * who set no password). Printed at every such start, so that a restart never locks the user out.
 * The token rides in the URL's fragment: the browser never sends it to a server, nor to its logs.
 */
export async function firstRunLoginUrl(auth: AuthStore, opts: { baseUrl: string; apiTokenSet: boolean; now?: Date }): Promise<string | undefined> {
  if (opts.apiTokenSet || (await auth.users.countWithPassword()) > 0) return undefined;
  return loginUrl(auth, opts.baseUrl, undefined, opts.now);
}

/** A fresh one-time login URL for `userName` (default: the first admin, else the admin the link will make). */
export async function loginUrl(auth: AuthStore, baseUrl: string, userName?: string, now = new Date()): Promise<string> {
  const name = userName ?? (await auth.users.firstAdmin())?.name ?? 'admin';
  const { token } = await auth.loginTokens.create(name, now);
  return `${baseUrl}/#/login?token=${token}`;
}

/** The address a browser on this machine uses: a wildcard bind is reached through loopback. */
export function browserBaseUrl(host: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `${scheme}://${h.includes(':') ? `[${h}]` : h}:${port}`;
}
