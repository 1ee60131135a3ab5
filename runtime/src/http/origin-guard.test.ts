import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
let graphId: string;
beforeAll(async () => {
  t = await openTestApp();
  const doc = graph('Landing', { src: node('source-local', { folder: 'landing', patterns: ['*.csv'] }), unzip: node('decompress', {}, 200) }, [
    ['src', 'files', 'unzip', 'files'],
  ]);
  graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
});
afterAll(() => t.close());

/** The writes a hostile page tried: start a run, reset checkpoints, upload into the source folder, preview. */
function attacks(): [string, () => RequestInit][] {
  const upload = () => {
    const f = new FormData();
    f.append('file', new File(['id\n1\n'], 'planted.csv'));
    return { method: 'POST', body: f };
  };
  return [
    [`/api/graphs/${graphId}/runs`, () => ({ method: 'POST' })],
    [`/api/graphs/${graphId}/checkpoints/reset`, () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })],
    [`/api/graphs/${graphId}/nodes/src/upload`, upload],
    ['/api/preview', upload],
  ];
}

async function nothingChanged() {
  expect((await t.call('GET', `/api/graphs/${graphId}/runs`)).body.total).toBe(0);
  expect(existsSync(join(t.temp.dir, 'landing', 'planted.csv'))).toBe(false);
}

describe('Origin and Sec-Fetch-Site on writes (CSRF)', () => {
  it('refuses run start, checkpoint reset, upload and preview from another origin with 403, even with valid credentials', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:8080', 'http://127.0.0.1', 'null', 'garbage']) {
      for (const [path, init] of attacks()) {
        const res = await t.request(path, init(), { headers: { origin } });
        expect(res.status, `${origin} ${path}`).toBe(403);
        expect(((await res.json()) as { error: string }).error).toMatch(/Origin .* is not this server \(localhost\)/);
      }
    }
    await nothingChanged();
    // Sign-in too (login CSRF: a page signing the victim in to the attacker's account).
    const login = await t.request(
      '/api/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{"username":"a","password":"b"}' },
      { token: null },
    );
    expect(login.status).toBe(403);
  });

  it('refuses them when the browser says cross-site or same-site, whatever the Origin', async () => {
    for (const site of ['cross-site', 'same-site']) {
      for (const [path, init] of attacks()) {
        const res = await t.request(path, init(), { headers: { 'sec-fetch-site': site, origin: 'http://localhost' } });
        expect(res.status, `${site} ${path}`).toBe(403);
        expect(((await res.json()) as { error: string }).error).toContain(`Sec-Fetch-Site: ${site}`);
      }
    }
    await nothingChanged();
  });

  it('lets the editor itself (same origin, or no browser headers) write, and reads pass from anywhere', async () => {
    const sameOrigin = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
    expect((await t.request(`/api/graphs/${graphId}/runs`, { method: 'POST' }, { headers: sameOrigin })).status).toBe(202);
    expect((await t.request(`/api/graphs/${graphId}/runs`, { method: 'POST' }, { headers: { 'sec-fetch-site': 'none' } })).status).toBe(202);
    expect((await t.request(`/api/graphs/${graphId}/runs`, { method: 'POST' })).status).toBe(202);
    expect((await t.request('/api/graphs', {}, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });

  it('does not apply to the trigger intakes, which other machines call with their own secret', async () => {
    const cross = { origin: 'https://ci.example', 'sec-fetch-site': 'cross-site' };
    // They get past this check to their own: no hook at that path, no events token configured.
    expect((await t.request('/hooks/nothing-here', { method: 'POST', body: '{}' }, { token: null, headers: cross })).status).toBe(404);
    expect((await t.request('/api/events/s3', { method: 'POST', body: '{}' }, { token: null, headers: cross })).status).toBe(403);
    const res = await t.request('/api/events/s3', { method: 'POST', body: '{}' }, { token: null, headers: cross });
    expect(((await res.json()) as { error: string }).error).toContain('no token is configured');
  });
});
