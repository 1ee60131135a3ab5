import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { graph, node } from '../../testing/test-graphs.ts';

// Issue 12, findings 4 and 6 (the part about local files), replayed against the real API with the
// default access settings: a graph's source folder pointed at runtime/dist or at the data folder, an
// upload with overwrite=true over a file the runtime imports, `../` and symbolic links out.
const RUNTIME = realpathSync(fileURLToPath(new URL('../..', import.meta.url)));

let t: TestApp;
let data: string;
let landing: string;
beforeAll(async () => {
  t = await openTestApp();
  data = realpathSync(t.temp.dir);
  landing = join(data, 'landing');
  // A stored credential: the data folder now holds credentials.key.
  expect((await t.call('PUT', '/api/credentials/S3_SECRET', { value: 'exfiltrate-me' })).status).toBeLessThan(300);
  expect(existsSync(join(data, 'credentials.key'))).toBe(true);
});
afterAll(() => t.close());

async function store(folder: string, patterns = ['**/*']): Promise<string> {
  const doc = graph('Attack', { src: node('source-local', { folder, patterns }), unzip: node('decompress') }, [['src', 'files', 'unzip', 'files']]);
  const r = await t.call('POST', '/api/graphs', { document: doc });
  expect(r.status).toBe(201);
  return r.body.id;
}

const list = (graphId: string) => t.call('GET', `/api/graphs/${graphId}/nodes/src/files`);
const preview = (graphId: string, key: string) => t.call('POST', '/api/preview', { graphId, nodeId: 'src', key, type: 'parse-csv' });

async function upload(graphId: string, name: string, text: string, overwrite = false) {
  const res = await t.request(`/api/graphs/${graphId}/nodes/src/upload?name=${encodeURIComponent(name)}${overwrite ? '&overwrite=true' : ''}`, {
    method: 'POST',
    body: text,
    headers: { 'content-type': 'application/octet-stream' },
  });
  return { status: res.status, body: (await res.json()) as { error: string } };
}

async function runToEnd(graphId: string) {
  const started = await t.call('POST', `/api/graphs/${graphId}/runs`);
  expect(started.status).toBe(202);
  for (let i = 0; i < 300; i++) {
    const r = await t.call('GET', `/api/runs/${started.body.runId}`);
    if (['succeeded', 'failed', 'cancelled'].includes(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`the run did not finish: ${JSON.stringify((await t.call('GET', `/api/runs/${started.body.runId}`)).body).slice(0, 600)}`);
}

describe("finding 4: a source at the runtime's code, and an upload over it", () => {
  it('refuses to list, run or upload into runtime/dist and runtime/src, and the files stay as they were', async () => {
    const dist = join(RUNTIME, 'dist');
    for (const folder of [dist, join(RUNTIME, 'src')]) {
      const graphId = await store(folder);
      const listed = await list(graphId);
      expect(listed.status).toBe(422);
      expect(listed.body.error).toContain(`resolves to ${folder}, which is outside the allowed roots`);
      const run = await runToEnd(graphId);
      expect(run.status).toBe('failed');
      expect(JSON.stringify(run.errors)).toContain('which is outside the allowed roots');
      // The attack of the issue: overwrite a module the next run imports.
      const victim = existsSync(folder) ? readdirSync(folder).find((f) => f.endsWith('.js') || f.endsWith('.ts')) : undefined;
      const name = victim ?? 'main.js';
      const before = victim ? readFileSync(join(folder, victim)) : undefined;
      const up = await upload(graphId, name, 'process.exit(42)', true);
      expect(up.status).toBe(422);
      expect(up.body.error).toContain('cannot land the upload');
      if (before) expect(readFileSync(join(folder, victim!))).toEqual(before);
      else expect(existsSync(join(folder, name))).toBe(false);
    }
  });
});

describe('finding 6: credentials.key through a source pointed at the data folder', () => {
  it.each([
    ['the data folder, absolute', () => data],
    ['the data folder, relative "." (a stored graph\'s base)', () => '.'],
    ['".." out of the landing area', () => 'landing/..'],
    ['"../" above the data folder', () => '../'],
  ])('%s: no listing, no preview of the key, no run', async (_what, folder) => {
    const graphId = await store(folder());
    expect((await list(graphId)).body.error).toMatch(/which is outside the allowed roots/);
    const p = await preview(graphId, 'credentials.key');
    expect(p.status).toBe(422);
    expect(p.body.error).toMatch(/outside the allowed roots/);
    expect(JSON.stringify(p.body)).not.toContain(readFileSync(join(data, 'credentials.key'), 'utf8').trim());
    expect((await runToEnd(graphId)).status).toBe('failed');
  });

  it('through symbolic links in the landing area: a folder link and a file link to the key are not followed', async () => {
    const drop = join(landing, 'links');
    mkdirSync(drop, { recursive: true });
    writeFileSync(join(drop, 'ok.csv'), 'a\n1\n');
    symlinkSync(data, join(landing, 'escape'));
    symlinkSync(join(data, 'credentials.key'), join(drop, 'key.csv'));

    const viaFolder = await store('landing/escape');
    expect((await list(viaFolder)).body.error).toContain(`folder "landing/escape" resolves to ${data}, which is outside the allowed roots`);
    expect((await preview(viaFolder, 'credentials.key')).status).toBe(422);

    const viaFile = await store('landing/links');
    const listed = await list(viaFile);
    expect(listed.body.items.map((i: { key: string }) => i.key)).toEqual(['ok.csv']);
    expect(listed.body.warnings.join('\n')).toContain(`key.csv left out: is a symbolic link to ${join(data, 'credentials.key')}, outside the allowed roots`);
    const p = await preview(viaFile, 'key.csv');
    expect(p.status).toBe(400);
    expect(p.body.error).toContain('outside the allowed roots');
  });
});

describe('uploads land only in a landing area, and overwrite only an earlier upload', () => {
  it('refuses overwrite=true over a file that no upload put there, and replaces an upload of its own', async () => {
    const graphId = await store('landing');
    writeFileSync(join(landing, 'partner.csv'), 'theirs\n');
    const over = await upload(graphId, 'partner.csv', 'mine\n', true);
    expect(over.status).toBe(409);
    expect(over.body.error).toContain(`"partner.csv" in ${landing} was not put there by an upload; overwrite replaces only a file an earlier upload landed`);
    expect(readFileSync(join(landing, 'partner.csv'), 'utf8')).toBe('theirs\n');

    expect((await upload(graphId, 'daily.csv', 'v1\n')).status).toBe(201);
    expect((await upload(graphId, 'daily.csv', 'v2\n', true)).status).toBe(201);
    expect(readFileSync(join(landing, 'daily.csv'), 'utf8')).toBe('v2\n');
    // Replaced by someone else since: no longer an upload's.
    writeFileSync(join(landing, 'daily.csv'), 'edited by hand, longer\n');
    expect((await upload(graphId, 'daily.csv', 'v3\n', true)).status).toBe(409);
    expect(readFileSync(join(landing, 'daily.csv'), 'utf8')).toBe('edited by hand, longer\n');
    // No temporary file is left beside them.
    expect(readdirSync(landing).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses a folder that runs may read but not write (not a landing area), writing nothing', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-landing-')));
    mkdirSync(join(dir, 'in'));
    mkdirSync(join(dir, 'out'));
    const app = await openTestApp({ env: { SLUICE_ALLOWED_ROOTS: join(dir, 'in'), SLUICE_OUTPUT_ROOTS: join(dir, 'out') } });
    try {
      const doc = graph('Read only', { src: node('source-local', { folder: join(dir, 'in') }), unzip: node('decompress') }, [
        ['src', 'files', 'unzip', 'files'],
      ]);
      const graphId = (await app.call('POST', '/api/graphs', { document: doc })).body.id;
      const res = await app.request(`/api/graphs/${graphId}/nodes/src/upload?name=x.csv`, {
        method: 'POST',
        body: 'a\n',
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: string }).error).toContain(`folder ${join(dir, 'in')} is not a landing area`);
      expect(readdirSync(join(dir, 'in'))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('keeps its records in the data folder, out of every root', async () => {
    expect(statSync(join(data, 'uploads', 'landed')).isDirectory()).toBe(true);
    expect(t.access.inputRoots.concat(t.access.outputRoots).some((r) => join(data, 'uploads').startsWith(r))).toBe(false);
  });
});
