import { serializeGraph } from '@sluice/sdk';
import { apiErrorSchema, graphPageSchema, graphRecordSchema } from '@sluice/sdk/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { filesGraph, graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const messages = (body: any) => (body.problems ?? []).map((p: any) => `${p.path.join('.')}: ${p.message}`).join('\n');

describe('graph API', () => {
  it('creates, reads, lists, updates and deletes a graph', async () => {
    const created = await t.call('POST', '/api/graphs', { document: filesGraph() });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/graphs/${created.body.id}`);
    expect(created.body).toMatchObject({ name: 'Files', revision: 1, document: { nodes: { src: { type: 'source-local' } } } });
    const id = created.body.id;
    expect((await t.call('GET', `/api/graphs/${id}`)).body.document).toEqual(created.body.document);
    const list = await t.call('GET', '/api/graphs?limit=10');
    expect(list.body).toMatchObject({ total: 1, limit: 10, offset: 0, items: [{ id, name: 'Files', nodes: 2 }] });

    const saved = await t.call('PUT', `/api/graphs/${id}`, { name: 'Renamed', document: filesGraph(), revision: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'Renamed', revision: 2, document: { name: 'Renamed' } });
    const stale = await t.call('PUT', `/api/graphs/${id}`, { document: filesGraph(), revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/saved as revision 2 since revision 1/);

    expect((await t.call('DELETE', `/api/graphs/${id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/graphs/${id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/graphs/${id}`)).body.error).toBe(`no graph "${id}"`);
    expect((await t.call('PUT', `/api/graphs/${id}`, { document: filesGraph() })).status).toBe(404);
  });

  it('answers in the shapes of the wire contract (@sluice/sdk/wire), to the letter', async () => {
    // Parsing strips keys a schema does not name: equal to the body means nothing is missing or unknown.
    const exact = (schema: { parse(v: unknown): unknown }, body: unknown) => expect(schema.parse(body)).toEqual(body);
    const created = await t.call('POST', '/api/graphs', { document: filesGraph() });
    exact(graphRecordSchema, created.body);
    exact(graphRecordSchema, (await t.call('GET', `/api/graphs/${created.body.id}`)).body);
    exact(graphRecordSchema, (await t.call('PUT', `/api/graphs/${created.body.id}`, { document: filesGraph(), revision: 1 })).body);
    exact(graphPageSchema, (await t.call('GET', '/api/graphs')).body);
    exact(apiErrorSchema, (await t.call('POST', '/api/graphs', { document: { nodes: 1 } })).body);
    await t.call('DELETE', `/api/graphs/${created.body.id}`);
  });

  it('creates an empty graph from a name alone', async () => {
    const r = await t.call('POST', '/api/graphs', { name: 'Blank' });
    expect(r.status).toBe(201);
    expect(r.body.document).toEqual({ format: 'sluice-graph', version: 1, name: 'Blank', nodes: {}, edges: [] });
  });

  it('exports stable bytes as an attachment and imports them under a new id', async () => {
    const id = (await t.call('POST', '/api/graphs', { document: filesGraph() })).body.id;
    const res = await t.request(`/api/graphs/${id}/export`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.graph.json"`);
    const text = await res.text();
    expect(text).toBe(serializeGraph(filesGraph()));
    const imported = await t.call('POST', '/api/graphs/import', text);
    expect(imported.status).toBe(201);
    expect(imported.body.id).not.toBe(id);
    expect(imported.body.document).toEqual(filesGraph());
  });

  it('stores and exports sticky notes, groups and a disabled node, and refuses a node whose only feeder is disabled', async () => {
    const doc = {
      ...filesGraph(),
      annotations: {
        notes: { readme: { text: '<script>alert(1)</script> partner files land here', position: { x: 0, y: -120 }, color: 'yellow' as const } },
        groups: { intake: { label: 'Intake', position: { x: -20, y: -20 }, size: { width: 500, height: 200 } } },
      },
    };
    doc.nodes.unzip = { ...doc.nodes.unzip!, disabled: true };
    const created = await t.call('POST', '/api/graphs', { document: doc });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.document).toEqual(doc);
    const text = await (await t.request(`/api/graphs/${created.body.id}/export`)).text();
    expect(JSON.parse(text)).toEqual(doc);
    expect(text).toContain('"disabled": true');

    const sourceOff = { ...filesGraph(), nodes: { ...filesGraph().nodes, src: { ...filesGraph().nodes.src!, disabled: true } } };
    const refused = await t.call('POST', '/api/graphs', { document: sourceOff });
    expect(refused.status).toBe(422);
    expect(messages(refused.body)).toContain(
      'nodes.unzip: input "files" of node "unzip" (decompress) is not connected: its wire comes from "src", which is disabled',
    );
  });

  it('answers an invalid graph document with 400 naming the field', async () => {
    const { format: _f, ...noFormat } = filesGraph();
    const r = await t.call('POST', '/api/graphs', { document: { ...noFormat, edges: 'none' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^invalid request body: /);
    expect(messages(r.body)).toMatch(/^document\.format: /m);
    expect(messages(r.body)).toMatch(/^document\.edges: .*array/m);
    const imported = await t.call('POST', '/api/graphs/import', { ...filesGraph(), nodes: { '9bad': node('decompress') } });
    expect(imported.status).toBe(400);
    expect(messages(imported.body)).toMatch(/nodes/);
  });

  it('answers an unknown node type with 422 naming the node', async () => {
    const r = await t.call('POST', '/api/graphs', { document: graph('G', { x: node('parse-klingon') }) });
    expect(r.status).toBe(422);
    expect(r.body.problems).toContainEqual({ path: ['nodes', 'x', 'type'], message: 'unknown node type "parse-klingon": no installed plugin provides it' });
    expect(r.body.error).toMatch(/cannot run with the installed node types: nodes\.x\.type: unknown node type "parse-klingon"/);
  });

  it('answers an edge between incompatible ports with 422', async () => {
    const doc = graph('G', { src: node('source-local', { folder: 'in' }), fw: node('parse-fixed-width'), unzip: node('decompress') }, [
      ['src', 'files', 'fw', 'files'],
      ['fw', 'table', 'unzip', 'files'],
    ]);
    const r = await t.call('POST', '/api/graphs', { document: doc });
    expect(r.status).toBe(422);
    expect(messages(r.body)).toContain('edges.1: cannot wire fw.table to unzip.files: a "table" output cannot feed a "files" input');
  });

  it('answers a missing port, a cycle and an unwired input with 422', async () => {
    const doc = graph('G', { a: node('decompress'), b: node('decompress'), c: node('decompress') }, [
      ['a', 'files', 'b', 'files'],
      ['b', 'files', 'a', 'files'],
      ['a', 'rows', 'b', 'files'],
    ]);
    const r = await t.call('POST', '/api/graphs', { document: doc });
    expect(r.status).toBe(422);
    const text = messages(r.body);
    expect(text).toContain('edges.2.from.port: node "a" (decompress) has no output port "rows"; it has: files');
    expect(text).toMatch(/^edges: the graph has a cycle through nodes "a", "b"/m);
    expect(text).toContain('nodes.c: input "files" of node "c" (decompress) is not connected');
  });

  it('answers an invalid node config with 422 naming the option', async () => {
    const doc = filesGraph();
    doc.nodes.unzip!.config = { maxRatio: -3, bogus: true };
    const r = await t.call('PUT', `/api/graphs/${(await t.call('POST', '/api/graphs', { name: 'x' })).body.id}`, { document: doc });
    expect(r.status).toBe(422);
    const text = messages(r.body);
    expect(text).toMatch(/^nodes\.unzip\.config\.maxRatio: /m);
    expect(text).toMatch(/^nodes\.unzip\.config: .*bogus/m);
  });

  it('refuses a graph holding a literal secret', async () => {
    const doc = filesGraph('AKIAABCDEFGHIJKLMNOP');
    const r = await t.call('POST', '/api/graphs', { document: doc });
    expect(r.status).toBe(422);
    expect(r.body.problems).toContainEqual({ path: ['nodes', 'src', 'config', 'folder'], message: expect.stringMatching(/looks like an AWS access key id/) });
  });

  it('answers malformed JSON, a wrong content type and bad paging with 4xx naming the problem', async () => {
    const bad = await t.call('POST', '/api/graphs', '{"document": {"nodes": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^malformed JSON in the request body: .*JSON/);
    const text = await t.request('/api/graphs', { method: 'POST', body: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { error: string }).error).toMatch(/unsupported Content-Type "text\/plain" for POST \/api\/graphs/);
    const paging = await t.call('GET', '/api/graphs?limit=0&offset=-1');
    expect(paging.status).toBe(400);
    expect(messages(paging.body)).toMatch(/^limit: /m);
    expect(messages(paging.body)).toMatch(/^offset: /m);
    const typo = await t.call('POST', '/api/graphs', { nmae: 'x' });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatch(/invalid request body: .*nmae/);
    const nowhere = await t.call('GET', '/api/nowhere');
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error).toMatch(/no route for GET \/api\/nowhere/);
  });
});
