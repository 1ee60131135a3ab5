import { describe, expect, it } from 'vitest';
import { httpSettingsOf } from './http-settings.ts';

describe('httpSettingsOf (sluice serve)', () => {
  it('defaults to the loopback names, 1 MiB, plain http on loopback only', () => {
    expect(httpSettingsOf({}, {})).toEqual({
      allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
      jsonMaxBytes: 1024 * 1024,
      tls: undefined,
      insecureHttp: false,
    });
  });

  it('takes flags before the environment, and names the source of a bad value', () => {
    const env = {
      SLUICE_ALLOWED_HOSTS: 'env.example',
      SLUICE_TLS_CERT: '/c.pem',
      SLUICE_TLS_KEY: '/k.pem',
      SLUICE_INSECURE_HTTP: 'true',
      SLUICE_JSON_MAX_BYTES: '4096',
    };
    expect(httpSettingsOf({}, env)).toEqual({
      allowedHosts: ['localhost', '127.0.0.1', '[::1]', 'env.example'],
      jsonMaxBytes: 4096,
      tls: { certFile: '/c.pem', keyFile: '/k.pem' },
      insecureHttp: true,
    });
    expect(httpSettingsOf({ 'allowed-hosts': 'flag.example', 'tls-cert': '/f.pem', 'tls-key': '/g.pem' }, env)).toMatchObject({
      allowedHosts: ['localhost', '127.0.0.1', '[::1]', 'flag.example'],
      tls: { certFile: '/f.pem', keyFile: '/g.pem' },
    });
    expect(() => httpSettingsOf({ 'allowed-hosts': 'https://x.example' }, {})).toThrow(/^--allowed-hosts: "https:\/\/x\.example" is not a host name/);
    expect(() => httpSettingsOf({}, { SLUICE_ALLOWED_HOSTS: '*' })).toThrow(/^SLUICE_ALLOWED_HOSTS: "\*"/);
    expect(() => httpSettingsOf({ 'tls-cert': '/c.pem' }, {})).toThrow(/--tls-cert and --tls-key .* go together/);
  });
});
