import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testSqlRows, testSqlRun } from '@sluice/store/testing';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ apiToken: 'env-admin-token-for-tests-0123456789' });
});
afterAll(() => t.close());

type Route = { method: string; path: string };
const PUBLIC = new Set([
  'GET /api/health',
  'HEAD /api/health',
  'POST /api/auth/login',
  'POST /api/auth/exchange',
  'POST /hooks/{path}',
  'POST /api/events/s3',
  'GET /api/events/s3',
]);
const concrete = (path: string) =>
  path
    .replace(/\{[^}]+\}/g, 'x')
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*$/, 'x');

/**
 * Every route the app serves: the OpenAPI document's operations, plus whatever the router holds
 * that the document misses (a route added without documentation must not escape the check).
 */
async function allRoutes(): Promise<Route[]> {
  const doc = (await t.call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const routes = new Map<string, Route>();
  for (const [path, ops] of Object.entries(doc.paths))
    for (const method of Object.keys(ops)) routes.set(`${method.toUpperCase()} ${path}`, { method: method.toUpperCase(), path });
  for (const r of t.app.routes) {
    if (r.method === 'ALL' || !(r.path.startsWith('/api') || r.path.startsWith('/hooks'))) continue;
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\/\*$/, '/{path}');
    if (![...routes.values()].some((x) => x.method === r.method && concrete(x.path) === concrete(path)))
      routes.set(`${r.method} ${path}`, { method: r.method, path });
  }
  return [...routes.values()];
}

const isAdminPath = (p: string) => /^\/api\/(credentials|users|tokens|settings)(\/|$)/.test(p);
const signIn = async () => {
  const { token } = await t.auth.loginTokens.create('admin');
  const r = await t.call('POST', '/api/auth/exchange', { loginToken: token }, { token: null });
  expect(r.status).toBe(200);
  const cookie = /sluice_session=[^;]+/.exec(r.headers.get('set-cookie') ?? '')![0];
  return { cookie, csrf: r.body.csrfToken as string, setCookie: r.headers.get('set-cookie')! };
};

describe('requireAuth: who may call what', () => {
  it('answers 401 with WWW-Authenticate on every route but health, sign-in and the trigger intakes', async () => {
    const routes = await allRoutes();
    expect(routes.length).toBeGreaterThan(30);
    routes.push({ method: 'GET', path: '/api/openapi.json' });
    const open: string[] = [];
    for (const r of routes) {
      if (PUBLIC.has(`${r.method} ${r.path}`)) continue;
      for (const token of [null, 'slu_not-a-real-token', '']) {
        const res = await t.request(
          concrete(r.path),
          { method: r.method },
          { token: token === '' ? null : token, headers: token === '' ? { authorization: 'Basic YWRtaW46YWRtaW4=' } : {} },
        );
        if (res.status !== 401) open.push(`${r.method} ${r.path} (${token}): ${res.status}`);
        else {
          expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
          expect(((await res.json()) as { error: string }).error).toBeTruthy();
        }
      }
    }
    expect(open).toEqual([]);
    // The public routes are exactly the ones the plan names.
    expect(
      routes
        .filter((r) => PUBLIC.has(`${r.method} ${r.path}`))
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['GET /api/events/s3', 'GET /api/health', 'POST /api/auth/exchange', 'POST /api/auth/login', 'POST /api/events/s3', 'POST /hooks/{path}'].sort());
  });

  it('cannot be side-stepped by spelling a path differently', async () => {
    await t.call('PUT', '/api/credentials/SPELLED', { value: 'secret-value' });
    const editor = await t.tokenFor('editor');
    for (const path of [
      '/api/credentials',
      '/api/credentials/',
      '/api//credentials',
      '/API/credentials',
      '/api/%63redentials',
      '/api/credentials/../credentials',
      '/api/./credentials',
      '/hooks/../api/credentials',
      '/x/../api/credentials',
    ]) {
      for (const token of [null, editor]) {
        const res = await t.request(path, {}, { token });
        const text = await res.text();
        expect([401, 403, 404], `${path} (${token ? 'editor' : 'none'}): ${res.status}`).toContain(res.status);
        expect(text).not.toContain('SPELLED');
      }
    }
  });

  it('refuses oversized and malformed sign-in requests with 4xx, never 500', async () => {
    const cases: [string, string][] = [
      ['/api/auth/login', JSON.stringify({ username: 'admin', password: 'x'.repeat(100_000) })],
      ['/api/auth/login', JSON.stringify({ username: 'a'.repeat(10_000), password: 'p' })],
      ['/api/auth/login', JSON.stringify({ username: 'admin', password: 'p', extra: 1 })],
      ['/api/auth/login', '{"username": "admin", "password": '],
      ['/api/auth/login', JSON.stringify([])],
      ['/api/auth/exchange', JSON.stringify({ loginToken: 'x'.repeat(10_000) })],
      ['/api/auth/exchange', JSON.stringify({ loginToken: { $ne: null } })],
      ['/api/auth/exchange', ''],
    ];
    for (const [path, body] of cases) {
      const res = await t.request(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } }, { token: null });
      expect(res.status, `${path} ${body.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${path} ${body.slice(0, 40)}`).toBeLessThan(500);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('tells nothing but the status to an unauthenticated health probe', async () => {
    const anon = await t.call('GET', '/api/health', undefined, { token: null });
    expect(anon).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(Object.keys(anon.body)).toEqual(['status']);
    const bad = await t.call('GET', '/api/health', undefined, { token: 'slu_wrong' });
    expect(Object.keys(bad.body)).toEqual(['status']);
    const full = await t.call('GET', '/api/health');
    expect(full.body).toMatchObject({ status: 'ok', version: '0.0.0-test' });
    expect(full.body.nodeTypes).toBeGreaterThan(1);
  });

  it('gives a viewer 403 on every write and on admin reads, and lets it read the rest', async () => {
    const viewer = await t.tokenFor('viewer');
    const refused: string[] = [];
    for (const r of await allRoutes()) {
      if (PUBLIC.has(`${r.method} ${r.path}`) || r.path.startsWith('/api/auth/')) continue;
      const res = await t.request(
        concrete(r.path),
        { method: r.method, body: r.method === 'GET' || r.method === 'HEAD' ? undefined : '{}', headers: { 'content-type': 'application/json' } },
        { token: viewer },
      );
      const write = r.method !== 'GET' && r.method !== 'HEAD';
      if (write || isAdminPath(r.path)) {
        if (res.status !== 403) refused.push(`${r.method} ${r.path}: ${res.status}`);
      } else if (res.status === 401 || res.status === 403) refused.push(`${r.method} ${r.path}: ${res.status} for a read`);
    }
    expect(refused).toEqual([]);
    expect((await t.call('GET', '/api/graphs', undefined, { token: viewer })).status).toBe(200);
    expect((await t.call('POST', '/api/graphs', { name: 'x' }, { token: viewer })).status).toBe(403);
  });

  it('gives an editor 403 on credentials, users and tokens, and lets it edit graphs', async () => {
    const editor = await t.tokenFor('editor');
    const adminRoutes = (await allRoutes()).filter((r) => isAdminPath(r.path));
    expect(adminRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['PUT /api/credentials/{name}', 'GET /api/users', 'POST /api/tokens', 'DELETE /api/tokens/{id}']),
    );
    for (const r of adminRoutes) {
      const res = await t.request(
        concrete(r.path),
        { method: r.method, body: r.method === 'GET' ? undefined : '{"value":"x"}', headers: { 'content-type': 'application/json' } },
        { token: editor },
      );
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
    // Finding 8: a trigger token is a credential, so only an admin sets it.
    expect((await t.call('PUT', '/api/credentials/sluice-events-token', { value: 'attacker' }, { token: editor })).status).toBe(403);
    expect(await t.temp.store.credentials.value('sluice-events-token')).toBeUndefined();
    expect((await t.call('POST', '/api/graphs', { name: 'by editor' }, { token: editor })).status).toBe(201);
  });

  it('refuses a revoked token', async () => {
    const made = await t.call('POST', '/api/tokens', { name: 'to-revoke', role: 'editor' });
    expect(made.status).toBe(201);
    expect((await t.call('GET', '/api/graphs', undefined, { token: made.body.token })).status).toBe(200);
    expect((await t.call('DELETE', `/api/tokens/${made.body.id}`)).status).toBe(204);
    const after = await t.call('GET', '/api/graphs', undefined, { token: made.body.token });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatch(/unknown or revoked/);
  });

  it('accepts SLUICE_API_TOKEN as an admin token without storing it', async () => {
    const env = 'env-admin-token-for-tests-0123456789';
    expect((await t.call('PUT', '/api/credentials/FROM_ENV', { value: 'v' }, { token: env })).status).toBe(201);
    expect((await t.call('GET', '/api/auth/me', undefined, { token: env })).body).toEqual({
      user: { name: 'SLUICE_API_TOKEN', role: 'admin' },
      csrfToken: null,
    });
    expect((await t.call('GET', '/api/graphs', undefined, { token: `${env}x` })).status).toBe(401);
    expect((await t.call('GET', '/api/graphs', undefined, { token: env.slice(0, -1) })).status).toBe(401);
    const dump = JSON.stringify(testSqlRows(t.temp.store, 'SELECT * FROM api_tokens')); // test-only read: no token stored in clear
    expect(dump).not.toContain(env);
  });
});

describe('editor sessions', () => {
  it('exchanges a one-time login token once, for an HttpOnly SameSite=Strict cookie', async () => {
    const { token } = await t.auth.loginTokens.create('admin');
    const first = await t.call('POST', '/api/auth/exchange', { loginToken: token }, { token: null });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user: { name: 'admin', role: 'admin' }, csrfToken: expect.stringMatching(/^slu_/) });
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^sluice_session=slu_[\w-]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // plain http on loopback; over https it is Secure (below)
    const again = await t.call('POST', '/api/auth/exchange', { loginToken: token }, { token: null });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    // The admin made by the link has no password: nobody signs in as it with one.
    expect(await t.auth.users.get('admin')).toMatchObject({ role: 'admin', hasPassword: false });
    expect((await t.call('POST', '/api/auth/login', { username: 'admin', password: '' }, { token: null })).status).toBe(401);
    expect((await t.call('POST', '/api/auth/login', { username: 'admin', password: 'anything-at-all' }, { token: null })).status).toBe(401);
  });

  it('marks the cookie Secure when served over https', async () => {
    const { token } = await t.auth.loginTokens.create('admin');
    const res = await t.app.request('https://localhost/api/auth/exchange', {
      method: 'POST',
      body: JSON.stringify({ loginToken: token }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('needs the CSRF header for a cookie request that changes something, not for a Bearer one', async () => {
    const { cookie, csrf } = await signIn();
    const withCookie = (headers: Record<string, string> = {}) => ({ token: null, headers: { cookie, ...headers } });
    expect((await t.call('GET', '/api/graphs', undefined, withCookie())).status).toBe(200);
    const noHeader = await t.call('POST', '/api/graphs', { name: 'csrf' }, withCookie());
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error).toMatch(/X-Sluice-CSRF/);
    expect((await t.call('POST', '/api/graphs', { name: 'csrf' }, withCookie({ 'x-sluice-csrf': `${csrf}x` }))).status).toBe(403);
    expect((await t.call('POST', '/api/graphs', { name: 'csrf' }, withCookie({ 'x-sluice-csrf': (await signIn()).csrf }))).status).toBe(403);
    // Body-less and form-encoded writes are refused the same way (finding 3).
    const graphId = (await t.call('POST', '/api/graphs', { name: 'target' })).body.id;
    expect((await t.request(`/api/graphs/${graphId}/runs`, { method: 'POST' }, withCookie())).status).toBe(403);
    expect((await t.request(`/api/graphs/${graphId}/checkpoints/reset`, { method: 'POST' }, withCookie())).status).toBe(403);
    expect(
      (await t.request('/api/preview', { method: 'POST', body: 'graphId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, withCookie()))
        .status,
    ).toBe(403);
    expect((await t.call('POST', '/api/graphs', { name: 'csrf' }, withCookie({ 'x-sluice-csrf': csrf }))).status).toBe(201);
    expect((await t.call('POST', '/api/graphs', { name: 'bearer' })).status).toBe(201);
    expect((await t.call('GET', '/api/auth/me', undefined, withCookie())).body).toEqual({ user: { name: 'admin', role: 'admin' }, csrfToken: csrf });
  });

  it('refuses idle, expired, unknown and signed-out sessions', async () => {
    // Test-only writes: the sessions age past their deadlines without the test waiting for them.
    const idle = await signIn();
    testSqlRun(t.temp.store, 'UPDATE sessions SET last_seen_at = last_seen_at - ?', 12 * 60 * 60 * 1000 + 1);
    const r = await t.call('GET', '/api/graphs', undefined, { token: null, headers: { cookie: idle.cookie } });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatch(/session has ended/);
    const old = await signIn();
    testSqlRun(t.temp.store, 'UPDATE sessions SET expires_at = ?', Date.now() - 1);
    expect((await t.call('GET', '/api/graphs', undefined, { token: null, headers: { cookie: old.cookie } })).status).toBe(401);
    expect((await t.call('GET', '/api/graphs', undefined, { token: null, headers: { cookie: 'sluice_session=slu_forged' } })).status).toBe(401);
    const live = await signIn();
    const out = await t.call('POST', '/api/auth/logout', undefined, { token: null, headers: { cookie: live.cookie, 'x-sluice-csrf': live.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/sluice_session=;/);
    expect((await t.call('GET', '/api/graphs', undefined, { token: null, headers: { cookie: live.cookie } })).status).toBe(401);
  });

  it('signs in with a password set by an admin; a new password ends the other sessions; roles apply at once', async () => {
    expect((await t.call('POST', '/api/users', { name: 'vera', role: 'editor', password: 'short' })).status).toBe(400);
    const made = await t.call('POST', '/api/users', { name: 'vera', role: 'editor', password: 'vera-password-1' });
    expect(made.status).toBe(201);
    expect(JSON.stringify(made.body)).not.toMatch(/scrypt|vera-password/);
    const login = await t.call('POST', '/api/auth/login', { username: 'vera', password: 'vera-password-1' }, { token: null });
    expect(login.status).toBe(200);
    const cookie = /sluice_session=[^;]+/.exec(login.headers.get('set-cookie')!)![0];
    const as = (headers = {}) => ({ token: null, headers: { cookie, 'x-sluice-csrf': login.body.csrfToken, ...headers } });
    expect((await t.call('POST', '/api/graphs', { name: 'vera' }, as())).status).toBe(201);
    expect((await t.call('GET', '/api/credentials', undefined, as())).status).toBe(403);
    expect((await t.call('PUT', '/api/users/vera', { role: 'viewer' })).status).toBe(200);
    expect((await t.call('POST', '/api/graphs', { name: 'vera' }, as())).status).toBe(403);
    expect((await t.call('POST', '/api/auth/login', { username: 'vera', password: 'vera-password-2' }, { token: null })).status).toBe(401);
    expect((await t.call('POST', '/api/auth/login', { username: 'nobody', password: 'vera-password-1' }, { token: null })).body.error).toBe(
      'wrong user name or password',
    );
    expect((await t.call('PUT', '/api/users/vera', { password: 'vera-password-2' })).status).toBe(200);
    expect((await t.call('GET', '/api/graphs', undefined, as())).status).toBe(401);
    expect((await t.call('DELETE', '/api/users/admin')).status).toBe(409); // the last admin
  });
});

describe('password guessing', () => {
  it('stops a user name after 10 wrong passwords in 15 minutes, even with the right one', async () => {
    expect((await t.call('POST', '/api/users', { name: 'guessed', role: 'viewer', password: 'the-right-one' })).status).toBe(201);
    for (let i = 0; i < 10; i++)
      expect((await t.call('POST', '/api/auth/login', { username: 'guessed', password: `wrong-${i}` }, { token: null })).status).toBe(401);
    const blocked = await t.call('POST', '/api/auth/login', { username: 'guessed', password: 'the-right-one' }, { token: null });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 60_000);
});

describe('API tokens through the API', () => {
  it('shows a token once, never in the list, and never in anything logged', async () => {
    const out: string[] = [];
    const spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void out.push(a.map(String).join(' '))),
    );
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => (out.push(String(chunk)), true));
    const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (out.push(String(chunk)), true));
    let token: string;
    try {
      const made = await t.call('POST', '/api/tokens', { name: 'shown-once', role: 'viewer' });
      expect(made.status).toBe(201);
      expect(made.headers.get('cache-control')).toBe('no-store');
      token = made.body.token;
      expect(token).toMatch(/^slu_[\w-]{43}$/);
      expect((await t.call('GET', '/api/graphs', undefined, { token })).status).toBe(200);
      expect((await t.call('POST', '/api/graphs', { name: 'x' }, { token })).status).toBe(403);
      expect((await t.call('GET', '/api/graphs', undefined, { token: `${token}0` })).body.error).not.toContain(token);
      const list = await t.call('GET', '/api/tokens');
      expect(list.body.items.find((i: { name: string }) => i.name === 'shown-once')).toMatchObject({
        role: 'viewer',
        revokedAt: null,
        lastUsedAt: expect.any(String),
      });
      expect(JSON.stringify(list.body)).not.toContain(token);
      expect(JSON.stringify(list.body)).not.toMatch(/hash/);
      expect((await t.call('POST', '/api/tokens', { name: 'shown-once', role: 'viewer' })).status).toBe(409);
    } finally {
      for (const s of [...spies, write, writeErr]) s.mockRestore();
    }
    expect(out.join('\n')).not.toContain(token!);
    expect(out.join('\n')).not.toContain(token!.slice(4, 20));
  });
});
