import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

/**
 * Issue 12, finding 8 (data side): trigger tokens and webhook secrets are credentials only an admin
 * sets, and no route gives them back, nor does a node's secret lookup: an editor who names one in an
 * S3 node (whose access key id and session token travel in clear) gets nothing sent anywhere.
 */

let t: TestApp;
let listener: Server;
let origin: string;
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  listener = createServer((req, res) => {
    seen.push(req.headers);
    res.end();
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  // Listed: the endpoint stands for a public one the editor controls; only the names may stop the leak.
  t = await openTestApp({ env: { SLUICE_ALLOWED_ENDPOINTS: origin } });
  expect((await t.call('PUT', '/api/credentials/sluice-events-token', { value: 'events-token-value' })).status).toBe(201);
  expect((await t.call('PUT', '/api/credentials/partner-hook', { value: 'hook-secret-value' })).status).toBe(201);
  expect((await t.call('PUT', '/api/credentials/plain-secret', { value: 'plain-secret-value' })).status).toBe(201);
  const hooked = graph('Hooked', { src: node('source-local', { folder: 'landing' }) });
  hooked.settings = { triggers: { webhook: { enabled: true, path: 'partner', auth: 'bearer', secretRef: 'partner-hook' } } };
  expect((await t.call('POST', '/api/graphs', { document: hooked })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => listener.close(() => r()));
});

async function listThrough(names: Record<string, string>): Promise<{ status: number; body: any }> {
  const editor = await t.tokenFor('editor');
  const doc = graph('Exfiltrate', { src: node('source-s3', { bucket: 'loot', endpoint: origin, forcePathStyle: true, maxAttempts: 1, ...names }) });
  const created = await t.call('POST', '/api/graphs', { document: doc }, { token: editor });
  expect(created.status).toBe(201);
  return t.call('GET', `/api/graphs/${created.body.id}/nodes/src/files`, undefined, { token: editor });
}

describe('trigger secrets stay the runtime’s', () => {
  it('an editor can neither set nor read them: credentials are admin-only, and values never come back', async () => {
    const editor = await t.tokenFor('editor');
    expect((await t.call('PUT', '/api/credentials/sluice-events-token', { value: 'attacker' }, { token: editor })).status).toBe(403);
    expect((await t.call('GET', '/api/credentials', undefined, { token: editor })).status).toBe(403);
    const listed = await t.call('GET', '/api/credentials');
    expect(listed.body.items.map((c: { name: string }) => c.name)).toEqual(['partner-hook', 'plain-secret', 'sluice-events-token']);
    expect(JSON.stringify(listed.body)).not.toMatch(/events-token-value|hook-secret-value|plain-secret-value/);
  });

  it.each([
    ['the events token as access key id', { accessKeyId: 'sluice-events-token', secretAccessKey: 'plain-secret' }],
    ['a webhook secret as session token', { accessKeyId: 'plain-secret', secretAccessKey: 'plain-secret', sessionToken: 'partner-hook' }],
  ])('a node naming %s gets nothing, and nothing is sent', async (_what, names) => {
    seen.length = 0;
    const res = await listThrough(names);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body.error).toMatch(/credential "(sluice-events-token|partner-hook)" \(named by \w+\) is not available/);
    expect(seen).toEqual([]);
  });

  it('an ordinary credential does reach the endpoint (the test can see a leak)', async () => {
    seen.length = 0;
    await listThrough({ accessKeyId: 'plain-secret', secretAccessKey: 'plain-secret' });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.authorization).toContain('Credential=plain-secret-value/');
  });
});
