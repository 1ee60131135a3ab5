import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { allowedHostsOf, isAllowedHost } from './allowed-hosts.ts';
import { hostGuard } from './host-guard.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

describe('Host allow-list (DNS rebinding)', () => {
  it('answers 421 to Host: evil.example on a credential write, naming the setting, and stores nothing', async () => {
    const put = (host: string) =>
      t.request('/api/credentials/warehouse', {
        method: 'PUT',
        headers: { host, 'content-type': 'application/json' },
        body: JSON.stringify({ value: 's3cret' }),
      });
    const res = await put('evil.example:4311');
    expect(res.status).toBe(421);
    const body = (await res.json()) as { error: string };
    expect(body.error).toContain('"evil.example:4311" is not a name of this server');
    expect(body.error).toContain('SLUICE_ALLOWED_HOSTS');
    expect((await t.call('GET', '/api/credentials')).body.items ?? []).toEqual([]);
    // The same request by a loopback name goes through.
    expect((await put('127.0.0.1:4311')).status).toBe(201);
  });

  it('guards every path: editor files, health, trigger intakes, and an absolute request URL', async () => {
    for (const [path, method] of [
      ['/', 'GET'],
      ['/api/health', 'GET'],
      ['/hooks/orders', 'POST'],
      ['/api/events/s3', 'POST'],
    ] as const) {
      const res = await t.request(path, { method, headers: { host: 'evil.example' } }, { token: null });
      expect(res.status, `${method} ${path}`).toBe(421);
    }
    // The URL's own host is checked too (an absolute-form target beside an allowed Host header).
    expect((await t.request('http://evil.example/api/health', { headers: { host: 'localhost' } }, { token: null })).status).toBe(421);
  });

  it('takes the loopback names on any port, and nothing that only starts like one', async () => {
    for (const host of ['localhost', 'LOCALHOST:4311', '127.0.0.1:1', '[::1]:4311', '[::1]']) {
      expect((await t.request('/api/health', { headers: { host } }, { token: null })).status, host).toBe(200);
    }
    for (const host of [
      'localhost.',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '127.0.0.2',
      '0.0.0.0',
      '[::2]',
      'localhost:99999',
      'local host',
      'localhost@evil.example',
    ]) {
      expect((await t.request('/api/health', { headers: { host } }, { token: null })).status, host).toBe(421);
    }
  });

  it('adds configured names (any port), and refuses wildcards, ports and URLs in the setting', async () => {
    const allowed = allowedHostsOf('sluice.example.com, 10.0.0.5,fd00::5');
    expect(allowed).toEqual(['localhost', '127.0.0.1', '[::1]', 'sluice.example.com', '10.0.0.5', '[fd00::5]']);
    const app = new Hono().use(hostGuard(allowed)).get('/', (c) => c.text('ok'));
    expect((await app.request('http://sluice.example.com:8443/')).status).toBe(200);
    expect((await app.request('http://10.0.0.5/')).status).toBe(200);
    expect((await app.request('http://[fd00::5]:4311/')).status).toBe(200);
    expect((await app.request('http://other.example.com/')).status).toBe(421);
    for (const bad of ['*', '*.example.com', 'https://sluice.example.com', 'sluice.example.com:8443', 'a/b']) {
      expect(() => allowedHostsOf(bad, '--allowed-hosts'), bad).toThrow(/--allowed-hosts: .* is not a host name/);
    }
    // A bound address is not implicitly a name: 0.0.0.0's interfaces must be listed.
    expect(isAllowedHost('192.168.1.20:4311', allowedHostsOf(undefined))).toBe(false);
  });
});
