import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialNamesSchema } from '@sluice/sdk/wire';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
  for (const [name, value] of [
    ['partner_s3_key', 'partner-key-value'],
    ['sluice-events-token', 'events-token-value'],
    ['hook_secret', 'hook-secret-value'],
  ])
    expect((await t.call('PUT', `/api/credentials/${name}`, { value })).status).toBe(201);
  const hooked = graph('Hooked', { src: node('source-local', { folder: 'landing' }) });
  hooked.settings = { triggers: { webhook: { enabled: true, path: 'partner', auth: 'bearer', secretRef: 'hook_secret' } } };
  expect((await t.call('POST', '/api/graphs', { document: hooked })).status).toBe(201);
});
afterAll(() => t.close());

describe('GET /api/credential-names', () => {
  it('gives every signed-in role the names nodes may use, without the runtime-only ones or any value', async () => {
    for (const role of ['admin', 'editor', 'viewer'] as const) {
      const res = await t.call('GET', '/api/credential-names', undefined, { token: await t.tokenFor(role) });
      expect(res.status).toBe(200);
      expect(credentialNamesSchema.parse(res.body)).toEqual({ items: ['partner_s3_key'] });
      expect(JSON.stringify(res.body)).not.toContain('value');
    }
  });

  it('refuses a caller without credentials', async () => {
    expect((await t.call('GET', '/api/credential-names', undefined, { token: null })).status).toBe(401);
  });

  it('is read-only: it is not a way around the admin routes', async () => {
    const editor = await t.tokenFor('editor');
    expect((await t.call('PUT', '/api/credential-names', { value: 'x' }, { token: editor })).status).toBe(404);
    expect((await t.call('GET', '/api/credentials', undefined, { token: editor })).status).toBe(403);
    expect((await t.call('PUT', '/api/credentials/partner_s3_key', { value: 'stolen' }, { token: editor })).status).toBe(403);
    expect((await t.call('DELETE', '/api/credentials/partner_s3_key', undefined, { token: editor })).status).toBe(403);
    expect(await t.temp.store.credentials.value('partner_s3_key')).toBe('partner-key-value');
  });
});
