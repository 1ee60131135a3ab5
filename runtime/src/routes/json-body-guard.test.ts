import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { filesGraph } from '../../testing/test-graphs.ts';

let t: TestApp;
let graphId: string;
beforeAll(async () => {
  t = await openTestApp();
  graphId = (await t.call('POST', '/api/graphs', { document: filesGraph() })).body.id;
});
afterAll(() => t.close());

const send = (path: string, body: RequestInit['body'], type: string, method = 'POST') => t.request(path, { method, headers: { 'content-type': type }, body });
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

describe('JSON bodies under /api', () => {
  it('answers 400 naming the depth to JSON nested 100000 deep (not 500), and stores nothing', async () => {
    const deep = `{"document": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await send('/api/graphs', deep, 'application/json');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatch(/nests deeper than 64 levels/);
    const params = `{"params": {"a": ${'{"a": '.repeat(70)}1${'}'.repeat(70)}}}`;
    expect((await send(`/api/graphs/${graphId}/runs`, params, 'application/json')).status).toBe(400);
    // Brackets inside strings are text, not nesting.
    expect((await send(`/api/graphs/${graphId}/runs`, JSON.stringify({ params: { s: '[{'.repeat(1000) } }), 'application/json')).status).toBe(202);
    expect((await t.call('GET', '/api/graphs')).body.total).toBe(1);
  });

  it('answers 400 to bytes that are not UTF-8 instead of storing U+FFFD', async () => {
    const bad = Buffer.concat([Buffer.from('{"params": {"name": "caf'), Buffer.from([0xe9]), Buffer.from('"}}')]);
    const res = await send(`/api/graphs/${graphId}/runs`, bad, 'application/json');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toContain('not valid UTF-8');
    const runs = (await t.call('GET', `/api/graphs/${graphId}/runs`)).body.items as { params?: unknown }[];
    expect(JSON.stringify(runs)).not.toContain('\ufffd');
    // Proper UTF-8 (and a BOM-less body with a utf-8 charset) passes.
    expect((await send(`/api/graphs/${graphId}/runs`, Buffer.from('{"params": {"name": "café"}}'), 'application/json; charset=utf-8')).status).toBe(202);
  });

  it('answers 415 to form-encoded and text/plain bodies, which other sites can post without a preflight', async () => {
    const preview = await send('/api/preview', 'graphId=x&nodeId=src&key=a.csv', 'application/x-www-form-urlencoded');
    expect(preview.status).toBe(415);
    expect(await errorOf(preview)).toMatch(/unsupported Content-Type "application\/x-www-form-urlencoded" for POST \/api\/preview/);
    expect((await send(`/api/graphs/${graphId}/runs`, '{}', 'text/plain')).status).toBe(415);
    expect((await send(`/api/graphs/${graphId}/checkpoints/reset`, '{}', 'text/plain;charset=UTF-8')).status).toBe(415);
    expect((await send('/api/credentials/k', '{"value":"v"}', 'application/json; charset=latin1', 'PUT')).status).toBe(415);
    // multipart goes only to the routes that stream it.
    const f = new FormData();
    f.append('value', 'v');
    expect((await t.request('/api/credentials/k', { method: 'PUT', body: f })).status).toBe(415);
    expect((await t.call('GET', `/api/graphs/${graphId}/checkpoints`)).status).toBe(200);
  });

  it('still names a syntax error, and lets a body-less POST through', async () => {
    const res = await send(`/api/graphs/${graphId}/runs`, '{"params": ', 'application/json');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatch(/^malformed JSON in the request body: /);
    expect((await t.request(`/api/graphs/${graphId}/runs`, { method: 'POST' })).status).toBe(202);
  });
});
