import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

/**
 * Credential values are write-only (issue 16, the credentials screen): whatever a caller sends, no
 * answer, export, error message or log line gives a value back, and only an admin writes one.
 */
const MARK = 'Zq7-credential-value-marker';
let t: TestApp;
let logged: string[];

beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

beforeEach(() => {
  logged = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(logged.join('\n')).not.toContain(MARK);
});

async function everyAnswer(): Promise<string> {
  const answers: unknown[] = [];
  for (const path of ['/api/credentials', '/api/credential-names', '/api/graphs', '/api/openapi.json', '/api/health'])
    answers.push((await t.call('GET', path)).body);
  return JSON.stringify(answers);
}

describe('credential values', () => {
  it('are stored, rotated and deleted without ever coming back', async () => {
    const created = await t.call('PUT', '/api/credentials/partner_key', { value: `${MARK}-1` });
    expect(created.status).toBe(201);
    const rotated = await t.call('PUT', '/api/credentials/partner_key', { value: `${MARK}-2` });
    expect(rotated.status).toBe(200);
    expect(Date.parse(rotated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
    expect(JSON.stringify([created.body, rotated.body])).not.toContain(MARK);
    expect(await t.temp.store.credentials.value('partner_key')).toBe(`${MARK}-2`);

    const doc = graph('Uses a credential', {
      src: node('source-s3', { bucket: 'partner-bucket', accessKeyId: 'partner_key', secretAccessKey: 'partner_key' }),
    });
    const saved = await t.call('POST', '/api/graphs', { document: doc });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const exported = await t.request(`/api/graphs/${saved.body.id}/export`);
    const text = await exported.text();
    expect(text).toContain('partner_key');
    expect(text).not.toContain(MARK);
    expect(await everyAnswer()).not.toContain(MARK);

    expect((await t.call('DELETE', '/api/credentials/partner_key')).status).toBe(204);
    expect(await t.temp.store.credentials.value('partner_key')).toBeUndefined();
  });

  it('never appear in the answer to a refused request', async () => {
    const refused = [
      await t.call('PUT', '/api/credentials/9bad', { value: MARK }),
      await t.call('PUT', '/api/credentials/ok_name', { value: `${MARK}${'x'.repeat(65_536)}` }),
      await t.call('PUT', '/api/credentials/ok_name', { value: MARK, extra: MARK }),
      await t.call('PUT', '/api/credentials/ok_name', { value: [MARK] }),
      await t.call('PUT', '/api/credentials/ok_name', `{"value": "${MARK}`),
      await t.call('PUT', `/api/credentials/${MARK}%00`, { value: MARK }),
    ];
    for (const res of refused) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(res.body).replaceAll(`${MARK}%00`, '').replaceAll(`${MARK}\\u0000`, '')).not.toContain(MARK);
    }
    expect(await t.temp.store.credentials.info('ok_name')).toBeUndefined();
  });

  it('are written by admins only', async () => {
    for (const role of ['editor', 'viewer'] as const) {
      const res = await t.call('PUT', '/api/credentials/by_role', { value: MARK }, { token: await t.tokenFor(role) });
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain(MARK);
    }
    expect((await t.call('PUT', '/api/credentials/by_role', { value: MARK }, { token: null })).status).toBe(401);
    expect(await t.temp.store.credentials.info('by_role')).toBeUndefined();
  });
});
