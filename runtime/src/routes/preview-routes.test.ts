import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

function form(fields: Record<string, string | Blob>, file?: { name: string; text: string }) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append('file', new File([file.text], file.name));
  return f;
}

async function preview(body: FormData | object) {
  const init: RequestInit =
    body instanceof FormData ? { method: 'POST', body } : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  const res = await t.request('/api/preview', init);
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /api/preview', () => {
  it('previews an uploaded sample with the asked type and config', async () => {
    const config = JSON.stringify({
      columns: [
        { name: 'code', start: 0, width: 3 },
        { name: 'city', start: 3, width: 8 },
      ],
    });
    const r = await preview(form({ type: 'parse-fixed-width', config, rows: '1' }, { name: 'cities.txt', text: 'AMSAmsterdam\nBERBerlin\n' }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ format: 'fixed-width', rows: [{ code: 'AMS', city: 'Amsterda' }], schema: [{ name: 'code' }, { name: 'city' }] });
  });

  it('previews a file of a graph source, parsed by the parse node after it', async () => {
    const input = join(t.temp.dir, 'landing', 'drop');
    mkdirSync(input);
    writeFileSync(join(input, 'codes.txt'), 'AB12\nCD34\n');
    const doc = graph(
      'Codes',
      {
        src: node('source-local', { folder: 'landing/drop', patterns: ['*.txt'] }),
        fw: node('parse-fixed-width', {
          columns: [
            { name: 'letters', start: 0, width: 2 },
            { name: 'digits', start: 2, width: 2 },
          ],
        }),
      },
      [['src', 'files', 'fw', 'files']],
    );
    const graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
    const r = await preview({ graphId, nodeId: 'src', key: 'codes.txt' });
    expect(r.status).toBe(200);
    expect(r.body.rows).toEqual([
      { letters: 'AB', digits: '12' },
      { letters: 'CD', digits: '34' },
    ]);
    const missing = await preview({ graphId, nodeId: 'src', key: 'nope.txt' });
    expect(missing.status).toBe(400);
    expect(missing.body.problems[0].path).toEqual(['key']);
    expect(missing.body.error).toMatch(/nope\.txt/);
    const notSource = await preview({ graphId, nodeId: 'fw', key: 'codes.txt' });
    expect(notSource.body.error).toMatch(/nodeId: node "fw" \(parse-fixed-width\) is not an installed source node/);
  });

  it('answers bad requests with 4xx naming the field', async () => {
    const nothing = await preview({});
    expect(nothing.status).toBe(400);
    expect(nothing.body.problems[0].path).toEqual(['file']);
    const half = await preview({ graphId: 'g' });
    expect(half.body.problems[0].path).toEqual(['nodeId']);
    const badJson = await preview(form({ config: '{oops' }, { name: 'a.csv', text: 'a\n1\n' }));
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toMatch(/^config: is not JSON/);
    const badConfig = await preview(form({ type: 'parse-fixed-width', config: '{"trim": "yes"}' }, { name: 'a.txt', text: 'x\n' }));
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.problems[0].path).toEqual(['config', 'trim']);
    const rows = await preview(form({ rows: '0' }, { name: 'a.csv', text: 'a\n1\n' }));
    expect(rows.status).toBe(400);
    expect(rows.body.problems[0].path).toEqual(['rows']);
    const unknownGraph = await preview({ graphId: 'nope', nodeId: 'src', key: 'a' });
    expect(unknownGraph.body.problems[0]).toEqual({ path: ['graphId'], message: 'no graph "nope"' });
  });
});
