import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
let graphId: string;
beforeAll(async () => {
  t = await openTestApp();
  const input = join(t.temp.dir, 'landing', 'in'); // the default input root
  mkdirSync(input);
  for (const n of ['a', 'b', 'c']) writeFileSync(join(input, `${n}.txt`), `${n}\n`);
  const doc = graph('Checkpointed', { src: node('source-local', { folder: 'landing/in', patterns: ['*.txt'] }), cp: node('checkpoint') }, [
    ['src', 'files', 'cp', 'files'],
  ]);
  graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
  const runId = (await t.call('POST', `/api/graphs/${graphId}/runs`, {})).body.runId;
  for (let i = 0; i < 500 && !['succeeded', 'failed'].includes((await t.call('GET', `/api/runs/${runId}`)).body.status); i++)
    await new Promise((r) => setTimeout(r, 20));
});
afterAll(() => t.close());

describe('checkpoint API', () => {
  it('lists the records of a run with filters and paging, and resets one file, by status, or all', async () => {
    const all = await t.call('GET', `/api/graphs/${graphId}/checkpoints?limit=2`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.items[0]).toMatchObject({ sourceNode: 'src', key: 'a.txt', status: 'processed', attempts: 0 });
    expect((await t.call('GET', `/api/graphs/${graphId}/checkpoints?status=failed`)).body.total).toBe(0);

    expect((await t.call('POST', `/api/graphs/${graphId}/checkpoints/reset`, { sourceNode: 'src', key: 'b.txt' })).body).toEqual({ deleted: 1 });
    expect((await t.call('POST', `/api/graphs/${graphId}/checkpoints/reset`, { status: 'quarantined' })).body).toEqual({ deleted: 0 });
    expect((await t.call('POST', `/api/graphs/${graphId}/checkpoints/reset`)).body).toEqual({ deleted: 2 });
    expect((await t.call('GET', `/api/graphs/${graphId}/checkpoints`)).body.total).toBe(0);
  });

  it('names a bad filter and an unknown graph', async () => {
    const bad = await t.call('GET', `/api/graphs/${graphId}/checkpoints?status=done`);
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].path).toEqual(['status']);
    const badReset = await t.call('POST', `/api/graphs/${graphId}/checkpoints/reset`, { status: 'gone' });
    expect(badReset.status).toBe(400);
    const byUri = await t.call('POST', `/api/graphs/${graphId}/checkpoints/reset`, { uri: 'file:///x/a.txt' });
    expect(byUri.status).toBe(400);
    expect(byUri.body.error).toMatch(/uri/);
    expect((await t.call('GET', '/api/graphs/nope/checkpoints')).status).toBe(404);
  });
});
