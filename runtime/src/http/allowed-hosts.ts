import { isIP } from 'node:net';

/** SLUICE_ALLOWED_HOSTS / `--allowed-hosts`: names this server answers to, besides the loopback ones. */
export const ALLOWED_HOSTS_ENV = 'SLUICE_ALLOWED_HOSTS';

/** Loopback names only: a DNS name an attacker controls can never be one of these. */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The host names this server answers to (any port), lower case, IPv6 in brackets: the loopback
 * names and the configured ones. A wildcard is refused: it would switch the DNS-rebinding defence off.
 */
export function allowedHostsOf(raw: string | undefined, from = ALLOWED_HOSTS_ENV): string[] {
  const names = new Set(DEFAULT_ALLOWED_HOSTS);
  for (const entry of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const bracketed = isIP(entry) === 6 ? `[${entry}]` : entry;
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)$/i.test(bracketed)) {
      throw new Error(
        `${from}: "${entry}" is not a host name (give names or IP addresses such as sluice.example.com or 10.0.0.5, without scheme, port, path or wildcard)`,
      );
    }
    const name = bracketed.toLowerCase();
    names.add(name);
  }
  return [...names];
}

/**
 * The name part of a Host header value (`name`, `name:port`, `[v6]:port`), lower case; undefined
 * when it is not one (empty, a bad port, characters no host name has).
 */
export function hostNameOf(host: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m || (m[2] !== undefined && Number(m[2]) > 65535)) return undefined;
  return m[1]!.toLowerCase();
}

/** Whether a Host header value names this server: its name (any port) is in the list. */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const name = hostNameOf(host);
  return name !== undefined && allowed.includes(name);
}
