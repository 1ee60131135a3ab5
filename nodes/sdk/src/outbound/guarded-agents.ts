import type { Agent as HttpAgent, AgentOptions } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { isIP } from 'node:net';
import { isPrivateAddress } from './blocked-addresses.ts';
import { bareHost, type LookupAll, lookupAll, originOf } from './check-endpoint.ts';
import { EndpointNotAllowedError } from './endpoint-errors.ts';

export interface GuardedAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

type Connect = (options: Record<string, unknown>, callback: (err: Error | null, socket?: Socket) => void) => Socket | undefined;

/**
 * HTTP(S) agents that apply `checkEndpoint`'s rule to every connection they open, on the address the
 * connection really uses: the host name is resolved once, inside the connection, and the socket
 * connects to an address that was checked. A name that resolved to a public address when the node
 * checked its endpoint and to 127.0.0.1 a moment later (DNS rebinding) is refused here, before a
 * byte is sent. It also covers host names the client derives by itself (a bucket in the host name
 * with virtual-hosted addressing, an AWS region endpoint) and any redirect a client might follow.
 *
 * Give them to the client as its HTTP handler's agents (AWS SDK: `requestHandler: { httpAgent,
 * httpsAgent }`); destroy them with the client.
 */
export function guardedAgents(
  allowedEndpoints: readonly string[],
  options: AgentOptions = { keepAlive: true, maxSockets: 50 },
  lookup: LookupAll = lookupAll,
): GuardedAgents {
  // Loaded when first asked for: importing node:http as a module reads all its exports, which loads
  // Node's fetch (undici) through its lazy getters, ~25 ms of every start, also of runs that make
  // no request.
  const httpAgent = new (process.getBuiltinModule('node:http').Agent)(options);
  const httpsAgent = new (process.getBuiltinModule('node:https').Agent)(options);
  guard(httpAgent, 'http:', allowedEndpoints, lookup);
  guard(httpsAgent, 'https:', allowedEndpoints, lookup);
  return { httpAgent, httpsAgent };
}

function guard(agent: HttpAgent, protocol: 'http:' | 'https:', allowed: readonly string[], lookup: LookupAll): void {
  const a = agent as unknown as { createConnection: Connect };
  const connect = a.createConnection.bind(agent);
  a.createConnection = (options, callback) => {
    const host = bareHost(String(options.host ?? options.hostname ?? 'localhost'));
    const origin = originOf(protocol, host, options.port as number | undefined);
    const listed = allowed.includes(origin);
    if (isIP(host)) {
      // net.connect skips the lookup for an address: it is checked here, once and for all.
      if (listed || !isPrivateAddress(host)) return connect(options, callback);
      queueMicrotask(() => callback(new EndpointNotAllowedError(origin)));
      return undefined;
    }
    return connect({ ...options, lookup: checkedLookup(origin, lookup, !listed) }, callback);
  };
}

/**
 * A net `lookup` that resolves every address of the name and, when `check`, answers only when none is
 * private: the socket then connects to one of the addresses just checked.
 */
function checkedLookup(origin: string, lookup: LookupAll, check: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (found) => {
        if (check && (found.length === 0 || found.some((f) => isPrivateAddress(f.address)))) {
          callback(new EndpointNotAllowedError(origin), '', 0);
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? found.filter((f) => f.family === options.family) : found;
        if (options.all) (callback as unknown as (e: null, a: typeof found) => void)(null, wanted);
        else if (wanted[0]) callback(null, wanted[0].address, wanted[0].family);
        else callback(Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}
