import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { mountEditor } from '../static-editor.ts';

let t: TestApp;
let dist: string;
beforeAll(async () => {
  t = await openTestApp();
  dist = mkdtempSync(join(tmpdir(), 'sluice-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  mountEditor(t.app, dist);
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

function expectStrict(h: Headers) {
  const csp = h.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self'(;|$)/); // no 'unsafe-inline', no 'unsafe-eval'
  expect(csp).not.toContain('unsafe');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('x-frame-options')).toBe('DENY');
  expect(h.get('referrer-policy')).toBe('no-referrer');
  expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(h.get('strict-transport-security')).toBeNull(); // http: only https answers pin it
}

describe('security headers', () => {
  it('are on the editor page, API answers, errors and refusals; API answers are not cached', async () => {
    const page = await t.request('/', {}, { token: null });
    expect(page.status).toBe(200);
    expectStrict(page.headers);
    expect(page.headers.get('cache-control')).not.toBe('no-store');
    for (const [path, init, status] of [
      ['/api/graphs', {}, 200],
      ['/api/graphs/none', {}, 404],
      ['/api/graphs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }, 415],
      ['/api/health', { headers: { host: 'evil.example' } }, 421],
    ] as const) {
      const res = await t.request(path, init as RequestInit);
      expect(res.status, path).toBe(status);
      expectStrict(res.headers);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const unauthenticated = await t.request('/api/graphs', {}, { token: null });
    expect(unauthenticated.status).toBe(401);
    expectStrict(unauthenticated.headers);
  });

  it('pins https for answers served over https', async () => {
    const res = await t.request('https://localhost/api/health', {}, { token: null });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=15552000');
  });
});
