import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from './blocked-addresses.ts';
import { checkEndpoint, type LookupAll } from './check-endpoint.ts';
import { EndpointNotAllowedError, EndpointUnreachableError } from './endpoint-errors.ts';

const resolvesTo =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

let server: Server;
let port: number;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.end('not S3');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('checkEndpoint', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:9000'],
    ['loopback elsewhere in 127/8', 'http://127.1.2.3'],
    ['loopback as a decimal number', 'http://2130706433:9000'],
    ['metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['10/8', 'http://10.0.0.5:9000'],
    ['172.16/12', 'https://172.31.255.1'],
    ['192.168/16', 'http://192.168.1.10:9000'],
    ['CGNAT', 'http://100.64.0.1'],
    ['unspecified', 'http://0.0.0.0:9000'],
    ['multicast', 'http://224.0.0.1'],
    ['IPv6 loopback', 'http://[::1]:9000'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:9000'],
    ['IPv4-mapped IPv6 metadata', 'http://[::ffff:a9fe:a9fe]'],
    ['IPv6 unique local', 'http://[fd00::1]'],
    ['IPv6 link-local', 'http://[fe80::1]'],
    ['AWS IPv6 metadata', 'http://[fd00:ec2::254]'],
  ])('refuses %s (%s) before resolving or sending anything', async (_what, url) => {
    const err = await checkEndpoint(url, [], () => Promise.reject(new Error('must not resolve an address'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointNotAllowedError);
    expect((err as Error).message).toMatch(/is not allowed: .*SLUICE_ALLOWED_ENDPOINTS/);
  });

  it('refuses a name that resolves to loopback (localhost, through the real resolver)', async () => {
    await expect(checkEndpoint('http://localhost:9000', [])).rejects.toThrow(/endpoint http:\/\/localhost:9000 is not allowed/);
  });

  it('refuses a name when any of its addresses is private', async () => {
    await expect(checkEndpoint('https://s3.example.com', [], resolvesTo('93.184.216.34', '10.0.0.1'))).rejects.toBeInstanceOf(EndpointNotAllowedError);
  });

  it('allows a name whose addresses are all public, and says which', async () => {
    const ok = await checkEndpoint('https://s3.example.com', [], resolvesTo('93.184.216.34', '2606:2800:220:1::1'));
    expect(ok).toMatchObject({ origin: 'https://s3.example.com', listed: false, addresses: ['93.184.216.34', '2606:2800:220:1::1'] });
  });

  it('allows a private endpoint whose origin the runtime lists, and only that origin', async () => {
    const listed = [`http://127.0.0.1:${port}`];
    expect(await checkEndpoint(`http://127.0.0.1:${port}/`, listed)).toMatchObject({ listed: true });
    await expect(checkEndpoint(`http://127.0.0.1:${port + 1}`, listed)).rejects.toBeInstanceOf(EndpointNotAllowedError);
    await expect(checkEndpoint(`https://127.0.0.1:${port}`, listed)).rejects.toBeInstanceOf(EndpointNotAllowedError);
  });

  it.each([
    ['credentials in the URL', 'http://key:secret@s3.example.com', /credentials belong in the credential store/],
    ['another scheme', 'file:///etc/passwd', /only http and https/],
    ['not a URL', 'not a url', /is not a URL/],
  ])('refuses %s', async (_what, url, message) => {
    await expect(checkEndpoint(url, [], resolvesTo('93.184.216.34'))).rejects.toThrow(message);
  });

  it('reads the same for an open port and a closed one, and sends nothing to either', async () => {
    const closed = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => r(p));
      });
    });
    const refusal = (url: string) =>
      checkEndpoint(url, []).then(
        () => 'allowed',
        (e: Error) => e.message,
      );
    const open = await refusal(`http://127.0.0.1:${port}`);
    const shut = await refusal(`http://127.0.0.1:${closed}`);
    expect(open.replace(String(port), 'PORT')).toBe(shut.replace(String(closed), 'PORT'));
    expect(seen).toEqual([]);
  });

  it('gives a name that does not resolve the message of any endpoint without an answer', async () => {
    const err = await checkEndpoint('https://no-such-host.invalid', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndpointUnreachableError);
    expect((err as Error).message).toBe(
      'no usable answer from https://no-such-host.invalid (the host may be unknown or unreachable, the connection refused, dropped or timed out, or the service not the one expected)',
    );
  });
});

describe('isPrivateAddress', () => {
  it('tells public addresses from private ones', () => {
    for (const a of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
    for (const a of ['127.0.0.1', '169.254.169.254', '::', '::ffff:10.0.0.1', '64:ff9b::7f00:1', 'ff02::1', '255.255.255.255'])
      expect(isPrivateAddress(a), a).toBe(true);
  });
});
