import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from './blocked-addresses.ts';
import { EndpointNotAllowedError, EndpointUnreachableError } from './endpoint-errors.ts';

/** Every address a host name resolves to (node:dns `lookup` with `all`); injectable for tests. */
export type LookupAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const lookupAll: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** An endpoint that passed the check, with the addresses it resolved to at that moment. */
export interface CheckedEndpoint {
  url: URL;
  /** `scheme://host[:port]`, as SLUICE_ALLOWED_ENDPOINTS lists it. */
  origin: string;
  /** Listed in allowedEndpoints: private addresses are fine for it. */
  listed: boolean;
  /** The addresses seen by the check; empty for a listed endpoint (not resolved). */
  addresses: string[];
}

/**
 * Decides whether a node may call `endpoint`, before it sends anything (credentials included):
 * an http(s) URL without user or password, whose host is not, and does not resolve to, a
 * loopback, private, link-local, metadata, CGNAT, unspecified or multicast address (every address
 * of the name is checked, so a name with one public and one private address is refused), unless its
 * origin is in `allowedEndpoints` (the runtime's SLUICE_ALLOWED_ENDPOINTS, never the graph's).
 *
 * The check alone cannot stop DNS rebinding (a name answering a public address now and 127.0.0.1 at
 * connect time): clients must also connect through `guardedAgents`, which checks the address each
 * connection actually uses. A name that does not resolve gives EndpointUnreachableError, whose
 * message is the one of every endpoint that gives no usable answer.
 */
export async function checkEndpoint(endpoint: string, allowedEndpoints: readonly string[], lookup: LookupAll = lookupAll): Promise<CheckedEndpoint> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointNotAllowedError(JSON.stringify(endpoint), 'it is not a URL');
  }
  const origin = url.origin;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EndpointNotAllowedError(origin, 'only http and https endpoints may be called');
  if (url.username || url.password)
    throw new EndpointNotAllowedError(`${url.protocol}//${url.host}`, 'credentials belong in the credential store, not in the URL');
  if (allowedEndpoints.includes(origin)) return { url, origin, listed: true, addresses: [] };
  const host = bareHost(url.hostname);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host)).map((a) => a.address);
  } catch (err) {
    throw new EndpointUnreachableError(origin, { cause: err });
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) throw new EndpointNotAllowedError(origin);
  return { url, origin, listed: false, addresses };
}

/** A URL's hostname without the brackets of an IPv6 literal. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** The origin a connection to host:port over `protocol` belongs to, spelled as `URL.origin` spells it. */
export function originOf(protocol: 'http:' | 'https:', host: string, port: number | string | undefined): string {
  const h = isIP(bareHost(host)) === 6 ? `[${bareHost(host)}]` : host;
  return new URL(`${protocol}//${h}${port ? `:${port}` : ''}`).origin;
}
