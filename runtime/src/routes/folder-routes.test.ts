import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderListingSchema, folderRootsSchema } from '@sluice/sdk/wire';
import { openTestApp, type TestApp } from '../../testing/test-app.ts';
import { filesGraph } from '../../testing/test-graphs.ts';

/**
 * The folder routes behind the editor's folder fields: the roots, and a picker that lists
 * sub-folders inside them only. Hostile requests try every way out: `..` plain and encoded, a
 * symbolic link, a sibling with the root's name as prefix, no credentials.
 */
let t: TestApp;
let dir: string;
const q = (kind: string, path: string, more = '') => `/api/folders?kind=${kind}&path=${encodeURIComponent(path)}${more}`;

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'sluice-folder-routes-')));
  for (const f of ['in/2026/12', 'in-sibling', 'secret/keys', 'out']) mkdirSync(join(dir, f), { recursive: true });
  writeFileSync(join(dir, 'secret/keys/id'), 'x');
  symlinkSync(join(dir, 'secret'), join(dir, 'in/escape'));
  t = await openTestApp({ env: { SLUICE_ALLOWED_ROOTS: join(dir, 'in'), SLUICE_OUTPUT_ROOTS: join(dir, 'out') } });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/folders/roots', () => {
  it('lists the roots of each kind with the setting that lists them, to any signed-in role', async () => {
    for (const role of ['admin', 'editor', 'viewer'] as const) {
      const res = await t.call('GET', '/api/folders/roots', undefined, { token: await t.tokenFor(role) });
      expect(res.status).toBe(200);
      expect(folderRootsSchema.parse(res.body)).toEqual({
        input: { setting: 'SLUICE_ALLOWED_ROOTS', roots: [join(dir, 'in')] },
        output: { setting: 'SLUICE_OUTPUT_ROOTS', roots: [join(dir, 'out')] },
      });
    }
  });

  it('answers 401 without credentials', async () => {
    expect((await t.call('GET', '/api/folders/roots', undefined, { token: null })).status).toBe(401);
    expect((await t.call('GET', q('input', join(dir, 'in')), undefined, { token: null })).status).toBe(401);
  });
});

describe('GET /api/folders', () => {
  it('lists the sub-folders of a folder inside a root', async () => {
    const res = await t.call('GET', q('input', join(dir, 'in')), undefined, { token: await t.tokenFor('viewer') });
    expect(res.status).toBe(200);
    const listing = folderListingSchema.parse(res.body);
    expect(listing.folders).toEqual([{ name: '2026', path: join(dir, 'in/2026') }]);
    expect((await t.call('GET', q('input', join(dir, 'in/2026')))).body.folders).toEqual([{ name: '12', path: join(dir, 'in/2026/12') }]);
  });

  it('refuses a folder outside the roots with the setting and how to add it without losing the current roots', async () => {
    const res = await t.call('GET', q('input', join(dir, 'secret')));
    expect(res.status).toBe(422);
    expect(res.body.error).toContain('is outside the folders this runtime may read (SLUICE_ALLOWED_ROOTS');
    expect(res.body.error).toContain(`SLUICE_ALLOWED_ROOTS=${join(dir, 'in')}:${join(dir, 'secret')}`);
    expect(res.body.problems).toEqual([{ path: ['path'], message: 'outside the folders this runtime may read (SLUICE_ALLOWED_ROOTS)' }]);
    expect(JSON.stringify(res.body)).not.toContain('keys');
  });

  it('refuses a sibling whose name starts with the root', async () => {
    expect((await t.call('GET', q('input', join(dir, 'in-sibling')))).status).toBe(422);
  });

  it('refuses to list through a symbolic link that leads out of the roots, and does not offer it', async () => {
    for (const path of [join(dir, 'in/escape'), join(dir, 'in/escape/keys')]) {
      const res = await t.call('GET', q('input', path));
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).not.toContain('"keys"');
    }
    const root = await t.call('GET', q('input', join(dir, 'in')));
    expect(root.body.folders.map((f: { name: string }) => f.name)).not.toContain('escape');
  });

  it('refuses ".." however it is encoded', async () => {
    const inRoot = join(dir, 'in');
    const raw = [
      `path=${inRoot}/../secret`,
      `path=${encodeURIComponent(`${inRoot}/../secret`)}`,
      `path=${inRoot}/%2e%2e/secret`,
      `path=${inRoot}%2F%2E%2E%2Fsecret`,
      `path=${inRoot}/..%2fsecret`,
      'path=..%2Fsecret',
    ];
    for (const query of raw) {
      const res = await t.call('GET', `/api/folders?kind=input&${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toContain('climbs with ".."');
    }
    // Encoded twice, "%2e%2e" is a folder's name, not a way up: it stays inside the root.
    const twice = await t.call('GET', `/api/folders?kind=input&path=${inRoot}/%252e%252e/secret`);
    expect(twice.status).toBe(200);
    expect(twice.body).toMatchObject({ path: join(inRoot, '%2e%2e/secret'), exists: false, folders: [] });
  });

  it('checks output folders against the output roots, relative to the data folder', async () => {
    expect((await t.call('GET', q('output', join(dir, 'out')))).status).toBe(200);
    const relative = await t.call('GET', q('output', 'bronze'));
    expect(relative.status).toBe(422);
    expect(relative.body.error).toContain(`may write (SLUICE_OUTPUT_ROOTS: ${join(dir, 'out')})`);
    expect((await t.call('GET', q('output', 's3://bucket/bronze'))).status).toBe(400);
  });

  it("resolves a relative input folder against the graph's folder (the data folder for a stored graph)", async () => {
    const graph = await t.call('POST', '/api/graphs', { document: filesGraph() });
    expect(graph.status).toBe(201);
    const res = await t.call('GET', q('input', 'landing', `&graph=${graph.body.id}`));
    expect(res.status).toBe(422);
    expect(res.body.error).toContain(`SLUICE_ALLOWED_ROOTS=${join(dir, 'in')}:${join(t.temp.dir, 'landing')}`);
    expect((await t.call('GET', q('input', 'x', '&graph=nope'))).status).toBe(404);
  });

  it('names a bad kind or a missing path', async () => {
    expect((await t.call('GET', '/api/folders?kind=secrets&path=/')).status).toBe(400);
    expect((await t.call('GET', '/api/folders?kind=input')).status).toBe(400);
  });
});
