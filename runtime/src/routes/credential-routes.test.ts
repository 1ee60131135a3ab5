import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

describe('credential API', () => {
  it('stores values write-only and lists names', async () => {
    const created = await t.call('PUT', '/api/credentials/S3_SECRET', { value: 's3cr3t-value' });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('S3_SECRET');
    expect(JSON.stringify(created.body)).not.toContain('s3cr3t');
    expect((await t.call('PUT', '/api/credentials/S3_SECRET', { value: 'other' })).status).toBe(200);
    const list = await t.call('GET', '/api/credentials');
    expect(list.body.items.map((c: any) => c.name)).toEqual(['S3_SECRET']);
    expect(JSON.stringify(list.body)).not.toMatch(/s3cr3t|other/);
    expect(await t.temp.store.credentials.value('S3_SECRET')).toBe('other');
    expect((await t.call('DELETE', '/api/credentials/S3_SECRET')).status).toBe(204);
    expect((await t.call('DELETE', '/api/credentials/S3_SECRET')).status).toBe(404);
  });

  it('names the bad field of a bad request', async () => {
    const badName = await t.call('PUT', '/api/credentials/9-lives', { value: 'x' });
    expect(badName.status).toBe(400);
    expect(badName.body.problems[0]).toMatchObject({ path: ['name'], message: expect.stringMatching(/must start with a letter/) });
    const empty = await t.call('PUT', '/api/credentials/OK', { value: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('invalid request body: value: must not be empty');
    const missing = await t.call('PUT', '/api/credentials/OK', {});
    expect(missing.body.problems[0].path).toEqual(['value']);
  });
});
