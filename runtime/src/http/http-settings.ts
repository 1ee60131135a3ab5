import { allowedHostsOf, ALLOWED_HOSTS_ENV } from './allowed-hosts.ts';
import { JSON_MAX_BYTES_ENV, jsonMaxBytesOf } from './body-size-limit.ts';
import type { TlsFiles } from './listen.ts';

/** What `sluice serve` decides about HTTP: names answered, body limit, TLS or not. */
export interface HttpSettings {
  allowedHosts: string[];
  jsonMaxBytes: number;
  tls?: TlsFiles;
  /** Plain http on a non-loopback address was asked for (--insecure-http). */
  insecureHttp: boolean;
}

export interface HttpFlags {
  'allowed-hosts'?: string;
  'insecure-http'?: boolean;
  'tls-cert'?: string;
  'tls-key'?: string;
}

/** The settings from the flags, else the environment (read here, once); a bad value names its source. */
export function httpSettingsOf(flags: HttpFlags, env: Readonly<Record<string, string | undefined>>): HttpSettings {
  const hosts = flags['allowed-hosts'] !== undefined ? allowedHostsOf(flags['allowed-hosts'], '--allowed-hosts') : allowedHostsOf(env[ALLOWED_HOSTS_ENV]);
  const certFile = flags['tls-cert'] ?? (env.SLUICE_TLS_CERT || undefined);
  const keyFile = flags['tls-key'] ?? (env.SLUICE_TLS_KEY || undefined);
  if (Boolean(certFile) !== Boolean(keyFile))
    throw new Error('--tls-cert and --tls-key (SLUICE_TLS_CERT, SLUICE_TLS_KEY) go together: give both files or neither');
  return {
    allowedHosts: hosts,
    jsonMaxBytes: jsonMaxBytesOf(env[JSON_MAX_BYTES_ENV]),
    tls: certFile && keyFile ? { certFile, keyFile } : undefined,
    insecureHttp: flags['insecure-http'] === true || env.SLUICE_INSECURE_HTTP === 'true',
  };
}
