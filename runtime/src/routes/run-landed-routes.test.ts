import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLandedSchema } from '@sluice/sdk/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersGraph } from '../../testing/test-graphs.ts';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let runId: string;
let graphId: string;

async function finished(id: string) {
  for (let i = 0; i < 1000; i++) {
    const r = await t.call('GET', `/api/runs/${id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`run ${id} did not finish`);
}

beforeAll(async () => {
  t = await openTestApp();
  const input = join(t.temp.dir, 'landing', 'orders');
  mkdirSync(input, { recursive: true });
  writeFileSync(join(input, 'a.csv'), 'id,name\n1,ann\n2,bob\n');
  writeFileSync(join(input, 'b.csv'), 'id,name\n3,cy\n');
  graphId = (await t.call('POST', '/api/graphs', { document: ordersGraph() })).body.id;
  runId = (await t.call('POST', `/api/graphs/${graphId}/runs`, {})).body.runId;
  expect((await finished(runId)).status).toBe('succeeded');
});
afterAll(() => t.close());

describe('GET /api/runs/{id}/landed', () => {
  it("answers each sink's rows, source files, columns and first rows, read back from Bronze", async () => {
    const r = await t.call('GET', `/api/runs/${runId}/landed?rows=2`);
    expect(r.status).toBe(200);
    expect(runLandedSchema.parse(r.body)).toEqual(r.body);
    expect(r.body.sinks).toHaveLength(1);
    const { node: sinkNode, sample } = r.body.sinks[0];
    expect(sinkNode).toBe('sink');
    expect(sample).toMatchObject({ rowsLanded: 3, filesTotal: 2, truncated: true });
    expect(sample.table).toMatch(/^file:\/\/.*\/bronze\/orders$/);
    expect(sample.files.map((f: { key: string }) => f.key).sort()).toEqual(['a.csv', 'b.csv']);
    expect(sample.rows).toHaveLength(2);
    expect(sample.columns).toEqual(expect.arrayContaining([{ name: 'name', type: expect.any(String) }]));
  });

  it('needs credentials; a viewer may read; unknown runs and bad row counts are refused, naming why', async () => {
    expect((await t.call('GET', `/api/runs/${runId}/landed`, undefined, { token: null })).status).toBe(401);
    expect((await t.call('GET', `/api/runs/${runId}/landed`, undefined, { token: 'slu_wrong' })).status).toBe(401);
    expect((await t.call('GET', `/api/runs/${runId}/landed`, undefined, { token: await t.tokenFor('viewer') })).status).toBe(200);
    expect(await t.call('GET', '/api/runs/run-nope/landed')).toMatchObject({ status: 404, body: { error: 'no run "run-nope"' } });
    expect((await t.call('GET', `/api/runs/${runId}/landed?rows=100000`)).status).toBe(400);
    expect((await t.call('GET', `/api/runs/${runId}/landed?rows=-1`)).status).toBe(400);
  });

  it('lists a sink whose table it may not read with the reason, and reads nothing outside the output roots', async () => {
    const doc = (await t.call('GET', `/api/graphs/${graphId}`)).body;
    const hostile = { ...doc.document, nodes: { ...doc.document.nodes, sink: { ...doc.document.nodes.sink, config: { root: '/etc', table: 'ssl' } } } };
    const saved = await t.call('PUT', `/api/graphs/${graphId}`, { name: 'Landed', document: hostile, revision: doc.revision });
    expect(saved.status).toBeLessThan(300);
    const r = await t.call('GET', `/api/runs/${runId}/landed`);
    expect(r.status).toBe(200);
    expect(r.body.sinks).toEqual([
      { node: 'sink', error: expect.stringMatching(/^What sink landed cannot be read back: Bronze root "\/etc": .* outside the output roots/) },
    ]);
  });
});
