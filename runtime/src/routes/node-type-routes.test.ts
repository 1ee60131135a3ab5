import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry } from '@sluice/engine';
import { nodeTypeHelpSchema } from '@sluice/sdk/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, openTestApp, type TestApp } from '../../testing/test-app.ts';
import { nodeTypeRoutes } from './node-type-routes.ts';

let t: TestApp;
let root: string;
beforeAll(async () => {
  t = await openTestApp();
  root = mkdtempSync(join(tmpdir(), 'sluice-help-'));
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

/** The routes over one plugin of `type` whose package folder holds `files` (or is `dir`). */
function routesOver(type: string, files: Record<string, string>, dir = join(root, type.replace('/', '+'))) {
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  // An installed plugin under another type: its code is not what is looked at, its package folder is.
  const plugin = { ...t.registry.get('parse-csv')!, type };
  const registry = new PluginRegistry([]).extend([plugin], { name: `pkg-${type}`, version: '1.2.3', dir });
  return {
    dir,
    get: async (path: string) => {
      const r = await nodeTypeRoutes({ registry }).request(path);
      return { status: r.status, body: (await r.json()) as any };
    },
  };
}

describe('GET /api/node-types/{type}/help', () => {
  it('answers the README.md of the package that provides the type, built-in or from the plugins folder', async () => {
    const csv = await t.call('GET', '/api/node-types/parse-csv/help');
    expect(csv.status).toBe(200);
    expect(nodeTypeHelpSchema.parse(csv.body)).toEqual(csv.body);
    const csvDir = t.registry.entryOf('parse-csv')!.package.dir;
    expect(csv.body).toEqual({
      type: 'parse-csv',
      package: { name: '@sluice/node-parse-csv', version: expect.any(String) },
      markdown: readFileSync(join(csvDir, 'README.md'), 'utf8'),
    });
    expect(csv.body.markdown).toMatch(/^# @sluice\/node-parse-csv\n/);
    const fixed = await t.call('GET', '/api/node-types/parse-fixed-width/help');
    expect(fixed.status).toBe(200);
    expect(fixed.body.markdown).toBe(readFileSync(join(EXAMPLES_DIR, 'plugin-parse-fixed-width', 'README.md'), 'utf8'));
  });

  it('needs credentials; a viewer may read', async () => {
    expect((await t.call('GET', '/api/node-types/parse-csv/help', undefined, { token: null })).status).toBe(401);
    expect((await t.call('GET', '/api/node-types/parse-csv/help', undefined, { token: 'slu_wrong' })).status).toBe(401);
    expect((await t.call('GET', '/api/node-types/parse-csv/help', undefined, { token: await t.tokenFor('viewer') })).status).toBe(200);
  });

  it('looks type names up, never joins them into a path: hostile names are refused and read nothing', async () => {
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%252e%252e%252fetc%252fpasswd', 'parse-csv%00', '%2Fetc%2Fpasswd']) {
      const r = await t.call('GET', `/api/node-types/${name}/help`);
      expect(r.status, name).toBe(400);
      expect(r.body.error, name).toMatch(/^invalid request path: type: must be kebab-case/);
    }
    // Unencoded dot segments are resolved by the URL before routing: no help route, and no file.
    const dotted = [
      '/api/node-types/../../etc/passwd/help',
      '/api/node-types/%2e%2e/%2e%2e/etc/passwd/help',
      '/api/node-types/parse-csv/../../../../etc/passwd',
    ];
    for (const path of dotted) {
      const r = await t.call('GET', path);
      expect(r.status, path).toBe(404);
      expect(JSON.stringify(r.body)).not.toMatch(/root:/);
    }
  });

  it('answers 404 naming the type for a type no plugin provides', async () => {
    expect(await t.call('GET', '/api/node-types/no-such-type/help')).toMatchObject({
      status: 404,
      body: { error: 'no installed plugin provides the node type "no-such-type"' },
    });
    expect(await t.call('GET', '/api/node-types/%40acme%2Fno-such-type/help')).toMatchObject({
      status: 404,
      body: { error: 'no installed plugin provides the node type "@acme/no-such-type"' },
    });
  });

  it('answers 404 saying why for a package without a README, one that links out of the package, or one too large', async () => {
    const none = routesOver('help-none', { 'package.json': '{}' });
    expect(await none.get('/api/node-types/help-none/help')).toEqual({
      status: 404,
      body: { error: 'no help for the node type "help-none": package pkg-help-none: the package has no README.md' },
    });
    const out = routesOver('help-escape', {});
    symlinkSync('/etc/passwd', join(out.dir, 'README.md'));
    expect(await out.get('/api/node-types/help-escape/help')).toEqual({
      status: 404,
      body: { error: 'no help for the node type "help-escape": package pkg-help-escape: its README.md links outside the package folder and is not served' },
    });
    const big = routesOver('help-big', { 'README.md': 'x'.repeat(256 * 1024 + 1) });
    expect((await big.get('/api/node-types/help-big/help')).body.error).toMatch(/its README.md is over the 256 KiB that node help shows/);
  });

  it('is in the OpenAPI document, with its path parameter', async () => {
    const op = (await t.call('GET', '/api/openapi.json')).body.paths['/api/node-types/{type}/help'].get;
    expect(op.parameters).toEqual([expect.objectContaining({ name: 'type', in: 'path', required: true })]);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '404']);
  });

  it('serves a scoped type, URL-encoded, from its own package', async () => {
    const scoped = routesOver('@acme/help-scoped', { 'README.md': '# Scoped\n' });
    expect(await scoped.get('/api/node-types/%40acme%2Fhelp-scoped/help')).toEqual({
      status: 200,
      body: { type: '@acme/help-scoped', package: { name: 'pkg-@acme/help-scoped', version: '1.2.3' }, markdown: '# Scoped\n' },
    });
  });
});
