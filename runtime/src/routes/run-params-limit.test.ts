import type { GraphDocument } from '@sluice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { filesGraph } from '../../testing/test-graphs.ts';
import { RUN_PARAMS_MAX_BYTES, RunParamsTooLarge } from '@sluice/store';

let t: TestApp;
let graphId: string;
beforeAll(async () => {
  t = await openTestApp();
  await t.runs.stop(); // runs stay queued: only what is stored matters here
  const doc: GraphDocument = {
    ...filesGraph('landing'),
    settings: { triggers: { webhook: { enabled: true, path: 'big', auth: 'bearer', secretRef: 'big-hook' } } },
  };
  graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
  await t.call('PUT', '/api/credentials/big-hook', { value: 'hook-secret' });
});
afterAll(() => t.close());

const runCount = async () => Object.values(await t.temp.store.runs.countByStatus()).reduce((a, b) => a + b, 0);

describe('run params cap (64 KiB as JSON)', () => {
  it('answers 413 to 20 MiB of run params without storing them (the body limit stops it first)', async () => {
    const res = await t.call('POST', `/api/graphs/${graphId}/runs`, { params: { blob: 'x'.repeat(20 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(await runCount()).toBe(0);
  });

  it('answers 413 naming the limit to params over 64 KiB inside a body under 1 MiB, and takes params that fit', async () => {
    const res = await t.call('POST', `/api/graphs/${graphId}/runs`, { params: { blob: 'x'.repeat(RUN_PARAMS_MAX_BYTES) } });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/^params: the run's params are \d+ bytes as JSON, over the limit of 65536 bytes \(64 KiB\)/);
    expect(await runCount()).toBe(0);
    expect((await t.call('POST', `/api/graphs/${graphId}/runs`, { params: { keys: ['a.csv'], blob: 'x'.repeat(RUN_PARAMS_MAX_BYTES - 100) } })).status).toBe(
      202,
    );
    expect(await runCount()).toBe(1);
  });

  it('refuses (413, logged) a webhook whose body would become params over the limit', async () => {
    const res = await t.request(
      '/hooks/big',
      {
        method: 'POST',
        headers: { authorization: 'Bearer hook-secret', 'content-type': 'application/json' },
        body: JSON.stringify({ blob: 'y'.repeat(200_000) }),
      },
      { token: null },
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('over the limit of 65536 bytes');
    expect((await t.call('GET', '/api/hooks/requests')).body.items[0]).toMatchObject({ path: 'big', status: 'rejected', httpStatus: 413 });
    expect(await runCount()).toBe(1);
  });

  it('refuses (400, logged) a webhook body that is not UTF-8 or nests too deep, storing no run', async () => {
    const hook = (body: Uint8Array | string) =>
      t.request('/hooks/big', { method: 'POST', headers: { authorization: 'Bearer hook-secret', 'content-type': 'application/json' }, body }, { token: null });
    const latin1 = await hook(Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    expect(latin1.status).toBe(400);
    expect(((await latin1.json()) as { error: string }).error).toContain('not valid UTF-8');
    const deep = await hook(`{"a": ${'['.repeat(30_000)}${']'.repeat(30_000)}}`);
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { error: string }).error).toContain('nests deeper than 64 levels');
    expect((await t.call('GET', '/api/hooks/requests')).body.items[0]).toMatchObject({ path: 'big', status: 'rejected', httpStatus: 400 });
    expect(await runCount()).toBe(1);
  });

  it('is enforced where runs are stored, whatever calls it', async () => {
    await expect(t.temp.store.runs.enqueue({ graphId, trigger: { kind: 'cli', params: { blob: 'z'.repeat(100_000) } } })).rejects.toThrow(RunParamsTooLarge);
    expect(await runCount()).toBe(1);
  });
});
