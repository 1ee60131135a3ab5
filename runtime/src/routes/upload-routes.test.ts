import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

let t: TestApp;
let graphId: string;
let landing: string;
beforeAll(async () => {
  t = await openTestApp();
  landing = join(t.temp.dir, 'landing'); // made by the default access settings
  const doc = graph(
    'Manual uploads',
    {
      src: node('source-local', { folder: 'landing', patterns: ['*.csv'] }),
      outside: node('source-local', { folder: '/etc', patterns: ['*.csv'] }),
      unzip: node('decompress'),
    },
    [['src', 'files', 'unzip', 'files']],
  );
  graphId = (await t.call('POST', '/api/graphs', { document: doc })).body.id;
});
afterAll(() => t.close());

function form(...files: [field: string, name: string, text: string][]): FormData {
  const f = new FormData();
  for (const [field, name, text] of files) f.append(field, new File([text], name));
  return f;
}

async function upload(body: FormData | string, opts: { node?: string; query?: string; type?: string; app?: TestApp['app'] } = {}) {
  const path = `/api/graphs/${graphId}/nodes/${opts.node ?? 'src'}/upload${opts.query ?? ''}`;
  const init: RequestInit =
    typeof body === 'string' ? { method: 'POST', body, headers: { 'content-type': opts.type ?? 'application/octet-stream' } } : { method: 'POST', body };
  // Another app over the same store (a smaller limit) takes the same stored admin token.
  const res = await t.request(path, init, {}, opts.app);
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /api/graphs/{id}/nodes/{nodeId}/upload', () => {
  it('lands a multipart file in the source folder under its name, with no temporary file left', async () => {
    const r = await upload(form(['file', 'orders-01.csv', 'id,amount\n1,9.5\n']));
    expect(r).toEqual({ status: 201, body: { node: 'src', key: 'orders-01.csv', size: 16, warnings: [] } });
    expect(readFileSync(join(landing, 'orders-01.csv'), 'utf8')).toBe('id,amount\n1,9.5\n');
    expect(readdirSync(landing)).toEqual(['orders-01.csv']);
  });

  it('refuses an existing name with 409 unless overwrite=true, and takes a raw body named by ?name=', async () => {
    await upload(form(['file', 'daily.csv', 'v1\n']));
    const again = await upload(form(['file', 'daily.csv', 'v2, longer\n']));
    expect(again.status).toBe(409);
    expect(again.body.problems).toEqual([
      { path: ['file'], message: expect.stringMatching(/"daily\.csv" already exists in .*landing; send \?overwrite=true/) },
    ]);
    expect(readFileSync(join(landing, 'daily.csv'), 'utf8')).toBe('v1\n');

    const replaced = await upload(form(['file', 'daily.csv', 'v2, longer\n']), { query: '?overwrite=true' });
    expect(replaced.status).toBe(201);
    expect(readFileSync(join(landing, 'daily.csv'), 'utf8')).toBe('v2, longer\n');

    const raw = await upload('a,b\n1,2\n', { query: '?name=raw.csv' });
    expect(raw).toEqual({ status: 201, body: { node: 'src', key: 'raw.csv', size: 8, warnings: [] } });
    expect(readFileSync(join(landing, 'raw.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(landing).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('says when the file does not match the source patterns (a run would not pick it up)', async () => {
    const r = await upload(form(['file', 'notes.txt', 'x']));
    expect(r.status).toBe(201);
    expect(r.body.warnings).toEqual(['"notes.txt" does not match the patterns of "src" (*.csv): a run will not pick it up']);
  });

  it('refuses paths, hidden names, empty names and malformed requests with 400 naming the field', async () => {
    for (const [name, why] of [
      ['../escape.csv', /is a path/],
      ['sub/dir.csv', /is a path/],
      ['..', /starts with a dot/],
      ['.hidden.csv', /starts with a dot/],
    ] as const) {
      const r = await upload(form(['file', name, 'x']));
      expect(r.status, name).toBe(400);
      expect(r.body.problems[0].path).toEqual(['file']);
      expect(r.body.error).toMatch(why);
    }
    const noName = await upload('x');
    expect(noName.status).toBe(400);
    expect(noName.body.problems[0]).toEqual({ path: ['name'], message: 'file name "" is empty: send the file with its name' });
    const two = await upload(form(['file', 'one.csv', '1'], ['file', 'two.csv', '2']));
    expect(two.status).toBe(400);
    expect(two.body.error).toMatch(/^file: more than one file part/);
    expect(readdirSync(landing)).not.toContain('one.csv');
    const wrongPart = await upload(form(['data', 'one.csv', '1']));
    expect(wrongPart.body.problems[0]).toEqual({ path: ['data'], message: 'unexpected part: send the file as the part "file"' });
    const empty = await upload(new FormData());
    expect(empty.status).toBe(400);
    const text = await upload('x', { type: 'text/plain', query: '?name=a.csv' });
    expect(text.status).toBe(415);
    expect(text.body.problems[0].path).toEqual(['content-type']);
    const badFlag = await upload(form(['file', 'a.csv', '1']), { query: '?overwrite=yes' });
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.problems[0].path).toEqual(['overwrite']);
  });

  it('answers 404 for an unknown graph or node and 422 for a node that is no landing place', async () => {
    const res = await t.request('/api/graphs/nope/nodes/src/upload', { method: 'POST', body: form(['file', 'a.csv', '1']) });
    expect(res.status).toBe(404);
    const noNode = await upload(form(['file', 'a.csv', '1']), { node: 'ghost' });
    expect(noNode).toMatchObject({ status: 404, body: { problems: [{ path: ['nodeId'], message: `no node "ghost" in graph "${graphId}"` }] } });
    const notSource = await upload(form(['file', 'a.csv', '1']), { node: 'unzip' });
    expect(notSource.status).toBe(422);
    expect(notSource.body.error).toBe('nodeId: node "unzip" (decompress) is not an installed source node');
    const outside = await upload(form(['file', 'a.csv', '1']), { node: 'outside' });
    expect(outside.status).toBe(422);
    expect(outside.body.error).toMatch(/^nodeId: cannot land the upload: folder "\/etc" resolves to \/etc, which is outside the allowed roots/);
  });

  it('stops a file over the size limit with 413 and leaves nothing behind', async () => {
    const small = createApp({ store: t.temp.store, registry: t.registry, runs: t.runs, access: t.access, version: 'test', uploadMaxBytes: 10 });
    const over = await upload(form(['file', 'big.csv', 'x'.repeat(64 * 1024)]), { app: small });
    expect(over.status).toBe(413);
    expect(over.body.error).toBe('file: larger than the upload limit of 10 bytes (SLUICE_UPLOAD_MAX_BYTES)');
    const rawOver = await upload('12345678901', { app: small, query: '?name=big.csv' });
    expect(rawOver.status).toBe(413);
    expect(readdirSync(landing).filter((n) => n.includes('big.csv'))).toEqual([]);
    expect((await upload('1234567890', { app: small, query: '?name=fits.csv' })).status).toBe(201);
  });

  it('answers 400 and removes the partial file when the client goes away mid-upload', async () => {
    const breaking = (head: string) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(head + 'x'.repeat(100_000)));
          setTimeout(() => c.error(new Error('client went away')), 20);
        },
      });
    const boundary = 'b0undary';
    const multipartHead = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="cut.csv"\r\ncontent-type: text/csv\r\n\r\n`;
    for (const [type, head, query] of [
      [`multipart/form-data; boundary=${boundary}`, multipartHead, ''],
      ['application/octet-stream', '', '?name=cut.csv'],
    ] as const) {
      const res = await t.request(`/api/graphs/${graphId}/nodes/src/upload${query}`, {
        method: 'POST',
        body: breaking(head),
        headers: { 'content-type': type },
        duplex: 'half',
      } as RequestInit);
      expect(res.status, type).toBe(400);
      expect(((await res.json()) as any).error).toMatch(/^file: the request body broke off: client went away/);
      expect(readdirSync(landing).filter((n) => n.includes('cut.csv'))).toEqual([]);
    }
  });

  it('is described in /api/openapi.json (the editor offers uploads when it is)', async () => {
    const doc = (await t.call('GET', '/api/openapi.json')).body;
    const op = doc.paths['/api/graphs/{id}/nodes/{nodeId}/upload'].post;
    expect(Object.keys(op.requestBody.content)).toEqual(['multipart/form-data', 'application/octet-stream']);
    expect(Object.keys(op.responses)).toEqual(['201', '400', '404', '409', '413', '415', '422']);
  });
});
