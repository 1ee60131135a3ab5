import { isIP } from 'node:net';

/** Whether binding this address keeps the server on this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  const v4 = isIP(h) === 4 ? h : /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h)?.[1];
  if (v4) return v4.startsWith('127.');
  return isIP(h) === 6 && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(h);
}

/**
 * Why the server must not listen on `host`, or undefined when it may: an address other machines
 * reach is served over https, or over plain http only when the admin says so (a TLS proxy in
 * front, a closed network), because API tokens, passwords and the session cookie would otherwise
 * cross the network in clear.
 */
export function bindRefusal(host: string, opts: { tls: boolean; insecureHttp: boolean }): string | undefined {
  if (opts.tls || opts.insecureHttp || isLoopbackHost(host)) return undefined;
  return (
    `refusing to listen on ${host} over plain http: it is not a loopback address, so API tokens, passwords and the ` +
    'session cookie would cross the network in clear. Serve https with --tls-cert FILE --tls-key FILE ' +
    '(SLUICE_TLS_CERT, SLUICE_TLS_KEY), or pass --insecure-http (SLUICE_INSECURE_HTTP=true) when a TLS proxy ' +
    'in front of Sluice or a closed network protects the traffic'
  );
}
