import { workerListSchema } from '@sluice/sdk/wire';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await openTestApp();
});
afterEach(async () => t.close());

describe('GET /api/workers', () => {
  it('lists this process on a SQLite store, in the wire shape, to signed-in callers only', async () => {
    const res = await t.call('GET', '/api/workers');
    expect(res.status).toBe(200);
    expect(workerListSchema.parse(res.body)).toEqual(res.body);
    expect(res.body.items).toEqual([expect.objectContaining({ role: 'serve', pid: process.pid, live: true, concurrency: 2, running: 0 })]);
    expect((await t.app.request('/api/workers')).status).toBe(401);
    expect((await t.call('GET', '/api/workers', undefined, { token: await t.tokenFor('viewer') })).status).toBe(200);
  });
});
