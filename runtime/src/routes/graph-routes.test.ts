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

  it('exports stable bytes holding only non-default config values; an import fills the defaults in again', async () => {
    const doc = filesGraph();
    // The defaults of the schema, written out as the editor writes them.
    doc.nodes.unzip!.config = { maxRatio: 200, maxDecompressedBytes: 53687091200 };
    doc.nodes.src!.config = { folder: 'input', patterns: ['*.txt'], recursive: true, mode: 'all' };
    const id = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
    const res = await t.request(`/api/graphs/${id}/export`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.graph.json"`);
    const text = await res.text();
    expect(text).toBe(serializeGraph(filesGraph()));
    expect(JSON.parse(text).nodes.unzip.config).toEqual({});

    const copy = await t.call('POST', '/api/graphs/import?mode=copy', text);
    expect(copy.status).toBe(201);
    expect(copy.body.id).not.toBe(id);
    expect(copy.body.document.nodes.unzip.config).toEqual({ maxRatio: 200, maxDecompressedBytes: 53687091200 });
    expect(copy.body.document.nodes.src.config).toMatchObject({ folder: 'input', patterns: ['*.txt'], recursive: true, mode: 'all' });
    expect(await (await t.request(`/api/graphs/${copy.body.id}/export`)).text()).toBe(serializeGraph({ ...filesGraph(), name: copy.body.name }));
  });

  it('imports a graph of a name that exists only as a copy ("<name> (2)", "(3)") or in its place, as asked', async () => {
    const name = `Transfer ${Date.now()}`;
    const doc = { ...filesGraph(), name };
    const first = await t.call('POST', '/api/graphs', { document: doc });
    const again = await t.call('POST', '/api/graphs/import', doc);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe(
      `a graph named "${name}" exists ("${first.body.id}"): import with mode=replace to replace it, or mode=copy to add it as "${name} (2)"`,
    );
    const second = await t.call('POST', '/api/graphs/import?mode=copy', doc);
    expect(second.body.name).toBe(`${name} (2)`);
    expect(second.body.document.name).toBe(`${name} (2)`);
    expect((await t.call('POST', '/api/graphs/import?mode=copy', doc)).body.name).toBe(`${name} (3)`);
    expect((await t.call('POST', '/api/graphs/import?mode=copy', second.body.document)).body.name).toBe(`${name} (4)`);

    const changed = { ...doc, description: 'replaced' };
    const replaced = await t.call('POST', '/api/graphs/import?mode=replace', changed);
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: first.body.id, revision: 2, document: { description: 'replaced' } });
    const byId = await t.call('POST', `/api/graphs/import?mode=replace&id=${second.body.id}`, { ...changed, name: `${name} (2)` });
    expect(byId.body).toMatchObject({ id: second.body.id, revision: 2 });
    expect((await t.call('POST', '/api/graphs/import?mode=replace', { ...doc, name: `${name} nowhere` })).status).toBe(404);
    expect((await t.call('POST', '/api/graphs/import?mode=move', doc)).status).toBe(400);
    // Two graphs of one name (made before imports asked): replace needs to be told which.
    await t.call('POST', '/api/graphs', { document: doc });
    const which = await t.call('POST', '/api/graphs/import?mode=replace', doc);
    expect(which.status).toBe(409);
    expect(which.body.error).toMatch(/are all named .*: say which one to replace with id=<graph>/);
  });

  it('imports an exported draft with a placeholder node as a draft, its config exactly as exported', async () => {
    const doc = graph(
      `Placeholder ${Date.now()}`,
      { src: node('source-local', { folder: 'in' }), x: node('@acme/parse-klingon', { glyphs: 3, maxRatio: 200 }, 200) },
      [['src', 'files', 'x', 'files']],
    );
    const r = await t.call('POST', '/api/graphs/import', serializeGraph(doc));
    expect(r.status).toBe(201);
    expect(r.body.problems).toEqual([{ path: ['nodes', 'x', 'type'], message: 'unknown node type "@acme/parse-klingon": no installed plugin provides it' }]);
    const exported = JSON.parse(await (await t.request(`/api/graphs/${r.body.id}/export`)).text());
    expect(exported.nodes.x).toEqual(doc.nodes.x);
    expect(exported.edges).toEqual(doc.edges);
  });

  it('stores and exports sticky notes, groups and a disabled node, and keeps a node whose only feeder is disabled a draft', async () => {
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
    expect(refused.status).toBe(201);
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

  it('saves a node of an unknown type as a draft, its config untouched, naming the missing type', async () => {
    const placeholder = { ...node('parse-klingon', { glyphs: ['a', 'b'], nested: { x: 1 } }), typeVersion: 7 };
    const r = await t.call('POST', '/api/graphs', { document: graph('G', { x: placeholder }) });
    expect(r.status).toBe(201);
    expect(r.body.document.nodes.x).toEqual(placeholder);
    expect(r.body.problems).toEqual([{ path: ['nodes', 'x', 'type'], message: 'unknown node type "parse-klingon": no installed plugin provides it' }]);
    expect((await t.call('GET', `/api/graphs/${r.body.id}`)).body.problems).toEqual(r.body.problems);
    const list = await t.call('GET', '/api/graphs?limit=100');
    expect(list.body.items.find((g: { id: string }) => g.id === r.body.id)).toMatchObject({ draft: true, nodes: 1 });
  });

  it('saves an edge between incompatible ports as a draft', async () => {
    const doc = graph('G', { src: node('source-local', { folder: 'in' }), fw: node('parse-fixed-width'), unzip: node('decompress') }, [
      ['src', 'files', 'fw', 'files'],
      ['fw', 'table', 'unzip', 'files'],
    ]);
    const r = await t.call('POST', '/api/graphs', { document: doc });
    expect(r.status).toBe(201);
    expect(messages(r.body)).toContain('edges.1: cannot wire fw.table to unzip.files: a "table" output cannot feed a "files" input');
  });

  it('saves a missing port, a cycle, a second wire into a files input and an unwired input as a draft', async () => {
    const doc = graph('G', { a: node('decompress'), b: node('decompress'), c: node('decompress') }, [
      ['a', 'files', 'b', 'files'],
      ['b', 'files', 'a', 'files'],
      ['a', 'rows', 'b', 'files'],
      ['c', 'files', 'b', 'files'],
    ]);
    const r = await t.call('POST', '/api/graphs', { document: doc });
    expect(r.status).toBe(201);
    const text = messages(r.body);
    expect(text).toContain('edges.2.from.port: node "a" (decompress) has no output port "rows"; it has: files');
    expect(text).toMatch(/^edges: the graph has a cycle through nodes "a", "b"/m);
    expect(text).toContain('nodes.c: input "files" of node "c" (decompress) is not connected');
    expect(text).toMatch(/^edges\.3: input "files" of node "b" cannot also be fed by c/m);
  });

  it('saves an invalid node config as a draft naming the option, and a fixed one as runnable', async () => {
    const doc = filesGraph();
    doc.nodes.unzip!.config = { maxRatio: -3, bogus: true };
    const id = (await t.call('POST', '/api/graphs', { name: 'x' })).body.id;
    const r = await t.call('PUT', `/api/graphs/${id}`, { document: doc });
    expect(r.status).toBe(200);
    expect(r.body.document.nodes.unzip.config).toEqual({ maxRatio: -3, bogus: true });
    const text = messages(r.body);
    expect(text).toMatch(/^nodes\.unzip\.config\.maxRatio: /m);
    expect(text).toMatch(/^nodes\.unzip\.config: .*bogus/m);
    const fixed = await t.call('PUT', `/api/graphs/${id}`, { document: filesGraph() });
    expect(fixed.body.problems).toEqual([]);
    const list = await t.call('GET', '/api/graphs?limit=100');
    expect(list.body.items.find((g: { id: string }) => g.id === id)).toMatchObject({ draft: false });
  });

  it('still refuses at save what is not a graph document: unknown keys, bad ids, edges to no node', async () => {
    const extra = await t.call('POST', '/api/graphs', { document: { ...filesGraph(), layout: {} } });
    expect(extra.status).toBe(400);
    expect(extra.body.error).toMatch(/layout/);
    const dangling = await t.call('POST', '/api/graphs', { document: graph('G', { a: node('decompress') }, [['a', 'files', 'ghost', 'files']]) });
    expect(dangling.status).toBe(400);
    expect(messages(dangling.body)).toContain('edges.0.to.node: edge 0 to names node "ghost", which is not in the graph');
    const nodeKey = await t.call('POST', '/api/graphs', { document: graph('G', { a: { ...node('decompress'), color: 'red' } as never }) });
    expect(nodeKey.status).toBe(400);
  });

  it('refuses a graph holding a literal secret, a draft too', async () => {
    const doc = filesGraph('AKIAABCDEFGHIJKLMNOP');
    doc.edges = [];
    const r = await t.call('POST', '/api/graphs', { document: doc });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/^the graph cannot be saved: /);
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
